#!/usr/bin/env bash
# The cost of watching a guest, Havm.Net beside Havm.vbs, from one run (not a test: nothing is asserted).
#   eng/bench.sh [--calls N] [--no-core]      (N calls of LooksAlive and of IsAlive each, default 2000)
# 1. BenchmarkDotNet (tests/Havm.Benchmarks): Havm.Core's poll decisions alone, time and bytes allocated, in a short
#    in-process job (--no-core skips it).
# 2. The test bed under Wine: the real havm-wrapper.vbs + COM class (Havm.Net) and the original Havm.vbs (read from
#    ../shared/reference), each loaded by the bed's hosted VBScript engine against the same fake Virtual Server in the
#    host's process: per-call times, Virtual Server calls, activations and Service Control Manager queries per call,
#    CPU per guest-hour, memory with 1 and 20 resources, first Open/Online in a fresh process, failover overhead.
#    Then a native host (Wine's cscript, the fake in its own process) for memory and first calls with the CLR's start.
# Ends with one line: "bench: IsAlive ratio R, LooksAlive ratio R (against Havm.vbs's IsAlive), ...".
# About 3 minutes on a 2-core machine. HAVM_ARTIFACTS moves the builds, the Wine prefix and the results.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
calls=2000 core=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --calls) calls="$2"; shift 2 ;;
    --no-core) core=no; shift ;;
    *) echo "usage: eng/bench.sh [--calls N] [--no-core]" >&2; exit 2 ;;
  esac
done
start=$SECONDS
fail() { echo "bench: $*" >&2; exit 1; }

echo "bench: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: *//'); $(wine --version 2>/dev/null || echo 'no wine yet'); .NET $(dotnet --version)"
echo "bench: DOTNET_EnableWriteXorExecute=${DOTNET_EnableWriteXorExecute:-unset} for every Wine process that loads .NET (../shared/wine/NOTES.md, limit 11)"
echo "bench: building into $artifacts"
havm_testbed_build || fail "the test bed does not build"
havm_build tests/Havm.Benchmarks/Havm.Benchmarks.csproj >/dev/null || fail "build failed: tests/Havm.Benchmarks/Havm.Benchmarks.csproj"
work="$artifacts/bench"
mkdir -p "$work"

# ---- 1. BenchmarkDotNet: the core's decisions (before the Wine runs: the machine is otherwise quiet) --------------
if [ "$core" = yes ]; then
  echo
  echo "== Havm.Core's poll decisions alone (BenchmarkDotNet, in-memory ports: no COM, no script engine, no worker thread)"
  rm -rf "$work/core"
  if dotnet "$(havm_bin Havm.Benchmarks release)/Havm.Benchmarks.dll" --artifacts "$work/core" > "$work/core.log" 2>&1; then
    report="$(ls "$work"/core/results/*-report-github.md 2>/dev/null | head -1)"
    # the report: machine and job, then the table
    [ -n "$report" ] && grep -v '^```' "$report" | grep -v '^ *$' | sed 's/^/  /'
  else
    echo "  BenchmarkDotNet failed: see $work/core.log"; tail -20 "$work/core.log" | sed 's/^/  /'
  fi
  echo "  (Mean: time per call; Allocated: managed bytes per call; full log: $work/core.log)"
fi

# ---- 2. the test bed ------------------------------------------------------------------------------------------------
echo
echo "bench: preparing the Wine prefix $WINEPREFIX"
# The fake Virtual Server in the host's process (its comhost); the native host's rows register its own process for
# themselves and put this back. At the end every Wine process of this prefix ends.
havm_testbed_up inprocess >"$work/setup-wine.log" 2>&1 || { cat "$work/setup-wine.log" >&2; fail "the test bed could not be set up"; }
# This prefix's wineserver (the host reads its CPU time: under Wine it does much of what Windows' kernel does)
server_pid=0
for p in $(pgrep -x 'wineserver(64)?'); do
  if tr '\0' '\n' 2>/dev/null < "/proc/$p/environ" | grep -qxF "WINEPREFIX=$WINEPREFIX"; then server_pid=$p; break; fi
done
rm -rf "$work/bed"
mkdir -p "$work/bed"
timeout -k 10 1500 dotnet "$bed_runner" bench --host "$bed_host" --wrapper "$wrapper" --havm "$havm_vbs" --work "$work/bed" \
  --calls "$calls" --wineserver-pid "$server_pid" --vs-exe "$bed_service" --seconds-before "$((SECONDS - start))"
