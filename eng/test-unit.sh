#!/usr/bin/env bash
# Suite "unit": Havm.Tests with coverlet line coverage, gated per assembly: Havm.Core at least 95 %, Havm.ComHost at
# least 85 % (its interop declarations and P/Invoke implementations carry [ExcludeFromCodeCoverage], which coverlet
# honours: they run only on Windows and under Wine). Building Havm.Tests builds both Havm.ComHost targets itself.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$results"
trx="$results/unit.trx"; rm -f "$trx"
# Havm.Tests is multi-targeted (its net462 build is suite net40's): this suite is its net10.0 build, and coverlet names
# the report after the target framework.
cobertura="$results/coverage/coverage.net10.0.cobertura.xml"; rm -f "$cobertura"
havm_test tests/Havm.Tests/Havm.Tests.csproj -f net10.0 \
  --logger "trx;LogFileName=$trx" --logger "console;verbosity=minimal" \
  /p:CollectCoverage=true /p:Include='"[Havm.Core]*,[Havm.ComHost]*"' /p:CoverletOutput="$results/coverage/" \
  /p:CoverletOutputFormat=cobertura
rc=$?
# gate ASSEMBLY PERCENT: the assembly's line rate from the cobertura report, printed and compared.
gate() {
  local rate
  rate="$(grep -o "<package name=\"$1\" line-rate=\"[0-9.]*\"" "$cobertura" 2>/dev/null | sed 's/.*line-rate="\([0-9.]*\)"/\1/')"
  if [ -z "$rate" ]; then echo "coverage: no line rate for $1 in $cobertura"; return 1; fi
  awk -v r="$rate" -v min="$2" -v name="$1" 'BEGIN {
    p = r * 100; printf "coverage: %s %.2f %% of lines (gate %d %%)\n", name, p, min; exit (p + 1e-9 < min) ? 1 : 0 }'
}
gate Havm.Core 95 || rc=1
gate Havm.ComHost 85 || rc=1
havm_trx_counts "$trx" unit
exit $rc
