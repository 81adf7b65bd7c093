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
for p in src/Havm.ComHost/Havm.ComHost.csproj:"-f net10.0-windows -r win-x64" \
         tests/TestBed/Havm.TestBed.FakeVirtualServer/Havm.TestBed.FakeVirtualServer.csproj: \
         tests/TestBed/Havm.TestBed.Host/Havm.TestBed.Host.csproj: \
         tests/TestBed/Havm.TestBed.Runner/Havm.TestBed.Runner.csproj:; do
  # shellcheck disable=SC2086
  havm_build "${p%%:*}" ${p#*:} >/dev/null || { echo "[demo] build failed: ${p%%:*}" >&2; havm_build "${p%%:*}" ${p#*:} | tail -20; exit 1; }
done
comhost="$(havm_bin Havm.ComHost release_net10.0-windows_win-x64)/Havm.ComHost.comhost.dll"
fake="$(havm_bin Havm.TestBed.FakeVirtualServer release_win-x64)/Havm.TestBed.FakeVirtualServer.comhost.dll"
bash "$root/eng/setup-wine.sh" "$comhost" "$fake" || exit 1
echo "[demo] ready in $((SECONDS - start)) s"
export WINEDEBUG=-all
work="$artifacts/demo"
mkdir -p "$work"
dotnet "$(havm_bin Havm.TestBed.Runner release)/Havm.TestBed.Runner.dll" demo \
  --host "$(havm_bin Havm.TestBed.Host release_win-x64)/Havm.TestBed.Host.exe" \
  --wrapper "${HAVM_WRAPPER:-$root/havm-wrapper.vbs}" --work "$work"
rc=$?
wineserver -k 2>/dev/null || true
echo "[demo] total $((SECONDS - start)) s"
exit $rc
