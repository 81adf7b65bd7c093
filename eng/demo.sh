#!/usr/bin/env bash
# The main job, on a fresh Debian machine: sets up Wine and .NET in a prefix (eng/setup-wine.sh), builds the COM
# class Havm.GenericScript and the test bed, and runs a guest through a failover with the real havm-wrapper.vbs
# and COM class under a hosted VBScript engine (the cluster's Generic Script host, emulated) against a fake
# Virtual Server 2005 R2: online on node A, polled, heartbeat lost, terminated, online on node B, moved back.
# Prints every entry-point call, its result and the cluster-log lines as a timeline.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
start=$SECONDS
echo "[demo] building (Release, into $artifacts) ..."
havm_testbed_build || { echo "[demo] the test bed does not build" >&2; exit 1; }
# The fake Virtual Server in the host's process (its comhost).
havm_testbed_up inprocess || { echo "[demo] the test bed could not be set up" >&2; exit 1; }
echo "[demo] ready in $((SECONDS - start)) s"
work="$artifacts/demo"
mkdir -p "$work"
dotnet "$bed_runner" demo --host "$bed_host" --wrapper "$wrapper" --work "$work"
rc=$?
echo "[demo] total $((SECONDS - start)) s"
exit $rc
