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
havm_testbed_build || fail "the test bed does not build"
echo "[testbed] built in $((SECONDS - start)) s"

# The fake Virtual Server runs in its own process, as the real one: the service's program, registered as
# VirtualServer.Application's local server. HAVM_TESTBED_VS=inprocess: in the host's process instead (its comhost;
# eng/demo.sh and eng/bench.sh use it so).
havm_testbed_up "${HAVM_TESTBED_VS:-process}" || fail "the test bed could not be set up"
if [ "$HAVM_TESTBED_VS" = process ]; then echo "[testbed] fake Virtual Server in its own process (local server)"
else echo "[testbed] fake Virtual Server in the host's process (comhost)"; fi

work="$artifacts/testbed/work"
rm -rf "$work"
mkdir -p "$work"
timeout -k 10 1200 dotnet "$bed_runner" scenarios --host "$bed_host" --wrapper "$wrapper" --havm "$havm_vbs" \
  --work "$work" --counts "$counts" --comhost "$bed_comhost" --fake-comhost "$bed_fake" --vs-exe "$bed_service" "$@"
rc=$?
[ -s "$counts" ] || fail "the runner wrote no counts (exit $rc)"
echo "[testbed] done in $((SECONDS - start)) s (plans, results and host output of every run: $work)"
exit $rc
