# Sourced by every eng/*.sh script: the one home of the folders, the file lists and the build conventions they share.
# No script computes these again.
#   HAVM_ARTIFACTS  moves every build output (bin/obj), the Wine prefixes, the package and the results away from the
#                   default artifacts/ (so that two checkouts or two people building at once do not share obj folders)
#   HAVM_RESULTS    moves the suites' results alone (default $HAVM_ARTIFACTS/results)
#   HAVM_SHARED     the shared reference material (default ../shared beside the checkout)
#   HAVM_WRAPPER    the script the test bed, the demo and the bench load (default the checkout's havm-wrapper.vbs)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
artifacts="${HAVM_ARTIFACTS:-$root/artifacts}"
# Each suite writes "<passed> <failed>" to $results/<suite>.counts, which eng/test-all.sh adds up.
results="${HAVM_RESULTS:-$artifacts/results}"
shared="${HAVM_SHARED:-$root/../shared}"
wrapper="${HAVM_WRAPPER:-$root/havm-wrapper.vbs}"
havm_vbs="$shared/reference/Havm.vbs"      # the original, read at run time (never copied into the repository)
package_dir="$artifacts/package/Havm.Net"   # the Windows package eng/package.sh lays out
export WINEPREFIX="${WINEPREFIX:-$artifacts/wine/prefix}"
export WINEARCH=win64 DISPLAY=
# Every Wine process that loads .NET (cscript with the COM class, the test bed's host, regsvr32 of a comhost) needs
# the runtime's W^X double mapping off: under Wine the finalizer's freeing of dynamic methods kills the process
# after a few hundred calls (../shared/wine/NOTES.md, limit 11). A Wine limit only; Windows keeps W^X on.
export DOTNET_EnableWriteXorExecute=0
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Wine names Unix files in the locale's character set: in a shell with no locale (POSIX, e.g. a bare `env -i` or a
# fresh root login) it cannot see a file whose name holds non-ASCII letters (the install suite's names "Gäst-Ü").
case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
  *UTF-8* | *utf8* | *UTF8* | *utf-8*) ;;
  *) export LC_ALL=C.UTF-8 ;;
esac

# ---- builds ---------------------------------------------------------------------------------------------------------
# havm_build PROJECT [dotnet build args...]: Release build into $artifacts (bin/<project>/release_<tfm>[_<rid>]/)
havm_build() {
  local project="$1"; shift
  dotnet build "$root/$project" -c Release --artifacts-path "$artifacts" -nologo -v quiet "$@"
}

# havm_test PROJECT [dotnet test args...]: a Release test run of a test project, built as havm_build builds
havm_test() {
  local project="$1"; shift
  dotnet test "$root/$project" -c Release --artifacts-path "$artifacts" "$@"
}

# havm_bin PROJECT_NAME PIVOT: the output folder of a build, e.g. havm_bin Havm.Tests release_net462
havm_bin() { echo "$artifacts/bin/$1/$2"; }

# The COM class for one runtime: net40 (regasm), or net10 for one Windows runtime identifier, win-x64 or win-x86
# (regsvr32 of its comhost).
#   havm_build_comhost net40|win-x64|win-x86     builds it
#   havm_comhost_bin net40|win-x64|win-x86       its output folder
havm_build_comhost() {
  case "$1" in
    net40) havm_build src/Havm.ComHost/Havm.ComHost.csproj -f net40 ;;
    *) havm_build src/Havm.ComHost/Havm.ComHost.csproj -f net10.0-windows -r "$1" ;;
  esac
}
havm_comhost_bin() {
  case "$1" in
    net40) havm_bin Havm.ComHost release_net40 ;;
    *) havm_bin Havm.ComHost "release_net10.0-windows_$1" ;;
  esac
}

# ---- the package's file lists -----------------------------------------------------------------------------------------
# havm_package_files net40|net10: the files of a runtime's package folder. install.cmd names them (FILES_NET40,
# FILES_NET10) and checks and copies exactly these, so eng/package.sh and the install suite read them from it.
havm_package_files() {
  local name="FILES_${1^^}" list
  list="$(tr -d '\r' < "$root/install.cmd" | sed -n "s/^set \"$name=\\(.*\\)\"\$/\\1/p")"
  [ -n "$list" ] || { echo "eng/lib.sh: install.cmd sets no $name" >&2; return 1; }
  echo "$list"
}
# The package's text files, beside the runtime folders (CRLF, as Windows reads them)
package_text_files=(install.cmd havm-wrapper.vbs)

# ---- results ----------------------------------------------------------------------------------------------------------
# havm_trx_counts TRX SUITE: the passed and failed totals of a `dotnet test` TRX file into $results/SUITE.counts
# (nothing when there is no TRX file: eng/test-all.sh counts a suite without counts as failed)
havm_trx_counts() {
  [ -f "$1" ] || return 0
  local counters p f
  counters="$(grep -o '<Counters [^>]*>' "$1" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  echo "${p:-0} ${f:-0}" > "$results/$2.counts"
}

# ---- the test bed (eng/test-testbed.sh, eng/demo.sh, eng/bench.sh) ----------------------------------------------------
# Its programs, as havm_testbed_build builds them: the COM class (x64 comhost), the fake Virtual Server (its comhost,
# for the host's process), the fake's own program (its local server and the "Virtual Server" service), the VBScript
# host and the runner that drives it.
bed_comhost="$(havm_comhost_bin win-x64)/Havm.ComHost.comhost.dll"
bed_fake="$(havm_bin Havm.TestBed.FakeVirtualServer release_win-x64)/Havm.TestBed.FakeVirtualServer.comhost.dll"
bed_service="$(havm_bin Havm.TestBed.VirtualServerService release_win-x64)/Havm.TestBed.VirtualServerService.exe"
bed_host="$(havm_bin Havm.TestBed.Host release_win-x64)/Havm.TestBed.Host.exe"
bed_runner="$(havm_bin Havm.TestBed.Runner release)/Havm.TestBed.Runner.dll"

# havm_testbed_build: builds the programs above; a build that fails shows its last lines (the whole output is in
# $artifacts/testbed-build.log) and returns 1.
havm_testbed_build() {
  local log="$artifacts/testbed-build.log" build
  mkdir -p "$artifacts"
  for build in "havm_build_comhost win-x64" \
               "havm_build tests/TestBed/Havm.TestBed.FakeVirtualServer/Havm.TestBed.FakeVirtualServer.csproj" \
               "havm_build tests/TestBed/Havm.TestBed.VirtualServerService/Havm.TestBed.VirtualServerService.csproj" \
               "havm_build tests/TestBed/Havm.TestBed.Host/Havm.TestBed.Host.csproj" \
               "havm_build tests/TestBed/Havm.TestBed.Runner/Havm.TestBed.Runner.csproj"; do
    $build >"$log" 2>&1 || { tail -n 20 "$log" >&2; echo "build failed: $build" >&2; return 1; }
  done
}

# havm_testbed_up process|inprocess: the Wine prefix with the bed's COM servers registered and its "Virtual Server"
# service running (eng/setup-wine.sh); the fake Virtual Server in its own process (its local server registered, as the
# real one runs) or in the host's (its comhost), exported as HAVM_TESTBED_VS for the runner; one persistent
# wineserver for the run (a Wine process then starts in about half the time); the session's services started now,
# with no pipes of ours inherited. When the script exits, havm_testbed_down runs.
havm_testbed_up() {
  bash "$root/eng/setup-wine.sh" "$bed_comhost" "$bed_fake" "$bed_service" || { echo "eng/setup-wine.sh failed" >&2; return 1; }
  export HAVM_TESTBED_VS="$1" WINEDEBUG=-all
  local registration=/unregserver
  [ "$1" = process ] && registration=/regserver
  wine "$bed_service" "$registration" </dev/null >/dev/null 2>&1 || { echo "$bed_service $registration failed" >&2; return 1; }
  wineserver -k 2>/dev/null || true
  wineserver -p
  trap havm_testbed_down EXIT
  wine cmd /c exit </dev/null >/dev/null 2>&1
}
# havm_testbed_down: the ProgIDs name the in-process fake again (what the other suites expect), and every Wine process
# of the prefix ends.
havm_testbed_down() {
  wine "$bed_service" /unregserver </dev/null >/dev/null 2>&1
  wineserver -k 2>/dev/null || true
}
