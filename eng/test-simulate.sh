#!/usr/bin/env bash
# Suite "simulate": Havm.Simulator.Tests (NUnit) on Linux: the trace parser, the corpus's shapes, the replay
# at the host's cadence through the real Havm.Core, and the report's summary lines.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="${HAVM_RESULTS:-$root/artifacts/results}"; mkdir -p "$results"
trx="$results/simulate.trx"; rm -f "$trx"
source "$root/eng/lib.sh"
dotnet test "$root/tests/Havm.Simulator.Tests/Havm.Simulator.Tests.csproj" -c Release --artifacts-path "$artifacts" \
  --logger "trx;LogFileName=$trx" --logger "console;verbosity=minimal"
rc=$?
if [ -f "$trx" ]; then
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  echo "${p:-0} ${f:-0}" > "$results/simulate.counts"
fi
exit $rc
