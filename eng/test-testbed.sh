#!/usr/bin/env bash
# Suite "testbed": the real havm-wrapper.vbs + COM class Havm.GenericScript, loaded by a hosted VBScript engine
# (Wine's) the way the cluster's Generic Script resource loads a script, against a controllable fake Virtual
# Server; the same steps against the original Havm.vbs (read from ../shared/reference at run time), side by side.
# PASS/FAIL lines check Havm.Net against behaviour.md; Havm.vbs's answers are recorded, not asserted.
# Writes "<passed> <failed>" to $results/testbed.counts (eng/lib.sh).
#   eng/test-testbed.sh [--only NAME[,NAME...]]       (HAVM_ARTIFACTS moves the builds and the Wine prefix)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$results"
counts="$results/testbed.counts"
rm -f "$counts"
start=$SECONDS
fail() { echo "testbed: $*" >&2; echo "0 1" > "$counts"; exit 1; }

echo "[testbed] building the COM class, the fake Virtual Server, the host and the runner into $artifacts"
havm_build src/Havm.ComHost/Havm.ComHost.csproj -f net10.0-windows -r win-x64 || fail "Havm.ComHost does not build"
havm_build tests/TestBed/Havm.TestBed.FakeVirtualServer/Havm.TestBed.FakeVirtualServer.csproj || fail "the fake Virtual Server does not build"
havm_build tests/TestBed/Havm.TestBed.VirtualServerService/Havm.TestBed.VirtualServerService.csproj || fail "the Virtual Server service does not build"
havm_build tests/TestBed/Havm.TestBed.Host/Havm.TestBed.Host.csproj || fail "the test bed host does not build"
havm_build tests/TestBed/Havm.TestBed.Runner/Havm.TestBed.Runner.csproj || fail "the test bed runner does not build"
comhost="$(havm_bin Havm.ComHost release_net10.0-windows_win-x64)/Havm.ComHost.comhost.dll"
fake="$(havm_bin Havm.TestBed.FakeVirtualServer release_win-x64)/Havm.TestBed.FakeVirtualServer.comhost.dll"
service="$(havm_bin Havm.TestBed.VirtualServerService release_win-x64)/Havm.TestBed.VirtualServerService.exe"
hostexe="$(havm_bin Havm.TestBed.Host release_win-x64)/Havm.TestBed.Host.exe"
runner="$(havm_bin Havm.TestBed.Runner release)/Havm.TestBed.Runner.dll"
echo "[testbed] built in $((SECONDS - start)) s"

bash "$root/eng/setup-wine.sh" "$comhost" "$fake" "$service" || fail "eng/setup-wine.sh failed"

# The fake Virtual Server runs in its own process, as the real one: the service's program, registered as
# VirtualServer.Application's local server (/regserver). HAVM_TESTBED_VS=inprocess: in the host's process instead (the
# comhost registered above; eng/demo.sh and eng/bench.sh use it so). The runner reads the same variable.
export HAVM_TESTBED_VS="${HAVM_TESTBED_VS:-process}"
vs_where="its own process (local server)"; vs_registration=/regserver
if [ "$HAVM_TESTBED_VS" != process ]; then vs_where="the host's process (comhost)"; vs_registration=/unregserver; fi
WINEDEBUG=-all wine "$service" "$vs_registration" </dev/null >/dev/null 2>&1 || fail "$service $vs_registration failed"
echo "[testbed] fake Virtual Server in $vs_where"

# One persistent wineserver for the whole run (a Wine process then starts in about half the time); stopped at the end.
export WINEDEBUG=-all
wineserver -k 2>/dev/null || true
wineserver -p
# At the end the ProgIDs name the in-process fake again (the other suites' default), and every Wine process ends.
trap 'WINEDEBUG=-all wine "$service" /unregserver </dev/null >/dev/null 2>&1; wineserver -k 2>/dev/null || true' EXIT
# Start the session's services (and the "Virtual Server" service) now, with no pipes of ours inherited.
wine cmd /c exit </dev/null >/dev/null 2>&1

work="$artifacts/testbed/work"
rm -rf "$work"
mkdir -p "$work"
timeout -k 10 1200 dotnet "$runner" scenarios --host "$hostexe" --wrapper "${HAVM_WRAPPER:-$root/havm-wrapper.vbs}" \
  --havm "$shared/reference/Havm.vbs" --work "$work" --counts "$counts" --comhost "$comhost" --fake-comhost "$fake" --vs-exe "$service" "$@"
rc=$?
[ -s "$counts" ] || fail "the runner wrote no counts (exit $rc)"
echo "[testbed] done in $((SECONDS - start)) s (plans, results and host output of every run: $work)"
exit $rc
