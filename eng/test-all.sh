#!/usr/bin/env bash
# Runs every test suite of Havm.Net and ends with one line: "N passed, N failed".
#   unit      Havm.Tests (NUnit) on Linux, with Havm.Core line coverage
#   net40     Havm.Tests built for net462 against the net40 builds of Havm.Core and Havm.ComHost, under Mono
#   testbed   the real wrapper and COM class under Wine's VBScript engine, side by side with Havm.vbs
#   install   install.cmd under Wine's cmd.exe with recording stand-ins for cluster.exe and regasm
#   simulate  Havm.Simulator.Tests (NUnit): trace parser, corpus, replay of Havm.Core at the host's cadence
# Each suite writes "<passed> <failed>" to $results/<suite>.counts (eng/lib.sh: $HAVM_RESULTS, default
# $HAVM_ARTIFACTS/results, default artifacts/results); a suite that dies without writing its counts counts as one
# failure. Usage: eng/test-all.sh [suite ...]
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
# Only the counts of an earlier run go (HAVM_RESULTS may name a folder that holds more); each suite replaces its own
# other results.
mkdir -p "$results"; rm -f "$results"/*.counts

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(unit net40 testbed install simulate)

run_suite() {
  local name="$1" script="$root/eng/test-$1.sh"
  echo "=== suite: $name ==="
  if [ ! -f "$script" ]; then
    echo "no such suite: $script"; echo "0 1" > "$results/$name.counts"; return
  fi
  local start=$SECONDS
  bash "$script"; local rc=$?
  if [ ! -s "$results/$name.counts" ]; then
    echo "suite $name wrote no counts (exit $rc): counted as one failure"
    echo "0 1" > "$results/$name.counts"
  elif [ $rc -ne 0 ] && [ "$(cut -d' ' -f2 "$results/$name.counts")" = "0" ]; then
    echo "suite $name exited $rc with no failed test: counted as one failure"
    echo "$(cut -d' ' -f1 "$results/$name.counts") 1" > "$results/$name.counts"
  fi
  echo "=== suite $name: $(cat "$results/$name.counts" | awk '{print $1" passed, "$2" failed"}') in $((SECONDS - start)) s ==="
}

for s in "${suites[@]}"; do run_suite "$s"; done

passed=0; failed=0
for f in "$results"/*.counts; do
  read -r p q < "$f"; passed=$((passed + p)); failed=$((failed + q))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
