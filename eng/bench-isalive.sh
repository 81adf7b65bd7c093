#!/usr/bin/env bash
# Per-call cost of IsAlive (and LooksAlive) through the real havm-wrapper.vbs + COM class (Havm.Net) versus the
# original Havm.vbs, each loaded by the test bed's hosted VBScript engine under Wine against the same fake
# Virtual Server with a healthy running guest. Prints both per-call times and the ratio (not a test).
#   eng/bench-isalive.sh [CALLS]      (default 300)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
calls="${1:-300}"
for p in src/Havm.ComHost/Havm.ComHost.csproj:"-f net10.0-windows -r win-x64" \
         tests/TestBed/Havm.TestBed.FakeVirtualServer/Havm.TestBed.FakeVirtualServer.csproj: \
         tests/TestBed/Havm.TestBed.Host/Havm.TestBed.Host.csproj: \
         tests/TestBed/Havm.TestBed.Runner/Havm.TestBed.Runner.csproj:; do
  # shellcheck disable=SC2086
  havm_build "${p%%:*}" ${p#*:} >/dev/null || { echo "build failed: ${p%%:*}" >&2; exit 1; }
done
comhost="$(havm_bin Havm.ComHost release_net10.0-windows_win-x64)/Havm.ComHost.comhost.dll"
fake="$(havm_bin Havm.TestBed.FakeVirtualServer release_win-x64)/Havm.TestBed.FakeVirtualServer.comhost.dll"
bash "$root/eng/setup-wine.sh" "$comhost" "$fake" >/dev/null 2>&1 || { echo "eng/setup-wine.sh failed" >&2; exit 1; }
export WINEDEBUG=-all
wineserver -p
trap 'wineserver -k 2>/dev/null || true' EXIT
wine cmd /c exit </dev/null >/dev/null 2>&1
work="$artifacts/bench"
mkdir -p "$work"
dotnet "$(havm_bin Havm.TestBed.Runner release)/Havm.TestBed.Runner.dll" bench \
  --host "$(havm_bin Havm.TestBed.Host release_win-x64)/Havm.TestBed.Host.exe" \
  --wrapper "${HAVM_WRAPPER:-$root/havm-wrapper.vbs}" --havm "$shared/reference/Havm.vbs" --work "$work" --calls "$calls"
