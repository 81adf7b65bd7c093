#!/usr/bin/env bash
# Suite "unit": Havm.Tests with coverlet line coverage of Havm.Core (threshold 95 %).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="${HAVM_RESULTS:-$root/artifacts/results}"; mkdir -p "$results"
trx="$results/unit.trx"; rm -f "$trx"
source "$root/eng/lib.sh"
dotnet test "$root/tests/Havm.Tests/Havm.Tests.csproj" -c Release --artifacts-path "$artifacts" \
  --logger "trx;LogFileName=$trx" --logger "console;verbosity=minimal" \
  /p:CollectCoverage=true /p:Include='[Havm.Core]*' /p:CoverletOutput="$results/coverage/" \
  /p:CoverletOutputFormat=json /p:ThresholdType=line /p:Threshold=95
rc=$?
if [ -f "$trx" ]; then
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  echo "${p:-0} ${f:-0}" > "$results/unit.counts"
fi
exit $rc
