#!/usr/bin/env bash
# Detection quality: replays every trace of tests/Havm.Simulator/Traces through the real Havm.Core (and models of
# Havm.vbs, Hyper-V and vSphere HA) at the cluster host's cadence on a fake clock. Prints the table and ends with
# one line per policy; writes outcomes.csv, summary.csv, table.md, designs.md and detection-quality.png to
# $HAVM_ARTIFACTS/simulate (default artifacts/simulate).
#   eng/simulate.sh                      the report
#   eng/simulate.sh --docs               ... and copies the PNG to docs/detection-quality.png (for the README)
#   eng/simulate.sh --log TRACE POLICY   one replay with the cluster log Havm.Core wrote, e.g.
#                                        eng/simulate.sh --log guest-os-hang "Havm.Net defaults"
#   eng/simulate.sh --shapes             each trace's 0 % stretches, as Virtual Server would report them
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
havm_build tests/Havm.Simulator/Havm.Simulator.csproj
sim=(dotnet "$(havm_bin Havm.Simulator release)/Havm.Simulator.dll" --traces "$root/tests/Havm.Simulator/Traces")
case "${1:-}" in
  --log) shift; "${sim[@]}" --log "$@" ;;
  --shapes) "${sim[@]}" --shapes ;;
  --docs|"")
    out="$artifacts/simulate"
    "${sim[@]}" --out "$out"
    if [ "${1:-}" = "--docs" ]; then
      mkdir -p "$root/docs"; cp "$out/detection-quality.png" "$root/docs/detection-quality.png"
      echo "copied the plot to docs/detection-quality.png" >&2
    fi ;;
  *) echo "usage: eng/simulate.sh [--docs | --log TRACE POLICY | --shapes]" >&2; exit 87 ;;
esac
