#!/usr/bin/env bash
# Suite "net40": Havm.Tests built for net462 against the net40 builds of Havm.Core and Havm.ComHost (the ones
# install.cmd registers by default) and run under Mono, Debian's .NET Framework-compatible runtime: the test
# executable runs NUnit's assembly runner over itself (tests/Havm.Tests/NetFramework/Program.cs). Not run here: the
# safety explorer (CsCheck is net8.0-only) and the metadata comparison of the two ComHost builds (it reads files; the
# unit suite runs it). Installs Mono from Debian's packages when missing. Writes "<passed> <failed>" to
# $results/net40.counts (eng/lib.sh) and ends with "N passed, N failed".
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$results"
counts="$results/net40.counts"; xml="$results/net40.xml"; rm -f "$counts" "$xml"

# The runtime and the class libraries the tests and NUnit load (mscorlib, System, System.Core, System.Xml,
# System.Xml.Linq, System.Configuration, and the System.Runtime facade); nothing else of Mono (no compiler: the
# .NET SDK builds).
mono_packages=(mono-runtime libmono-corlib4.5-cil libmono-system4.0-cil libmono-system-core4.0-cil
  libmono-system-xml4.0-cil libmono-system-xml-linq4.0-cil libmono-system-configuration4.0-cil
  libmono-system-runtime4.0-cil)
missing=()
for p in "${mono_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null || { echo "cannot install Mono"; exit 1; }
fi
echo "runtime: $(mono --version | head -n 1)"

havm_build tests/Havm.Tests/Havm.Tests.csproj -f net462 || { echo "build failed"; exit 1; }
bin="$(havm_bin Havm.Tests release_net462)"

# A hung test ends the run (the unit suite's longest test takes seconds).
timeout 600 mono --debug "$bin/Havm.Tests.exe" "$xml"
rc=$?
# The totals from NUnit's own result (the root <test-suite>), not from the console.
run="$(grep -m 1 -o '<test-suite type="Assembly" [^>]*>' "$xml" 2>/dev/null)"
p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$run")"
f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$run")"
if [ -n "$p" ] && [ -n "$f" ]; then
  echo "$p $f" > "$counts"
  echo "$p passed, $f failed"
else
  echo "no result in $xml (exit $rc)"
fi
exit $rc
