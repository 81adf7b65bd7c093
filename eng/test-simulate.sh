#!/usr/bin/env bash
# Suite "simulate": Havm.Simulator.Tests (NUnit) on Linux: the trace parser, the corpus's shapes, the replay
# at the host's cadence through the real Havm.Core, and the report's summary lines.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$results"
trx="$results/simulate.trx"; rm -f "$trx"
havm_test tests/Havm.Simulator.Tests/Havm.Simulator.Tests.csproj \
  --logger "trx;LogFileName=$trx" --logger "console;verbosity=minimal"
rc=$?
havm_trx_counts "$trx" simulate
exit $rc
