# Sourced by every eng/*.sh script: the one home of the folders, the file lists and the build conventions they share.
# No script computes these again.
#   HAVM_ARTIFACTS  moves every build output (bin/obj), the Wine prefixes, the package and the results away from the
#                   default artifacts/ (so that two checkouts or two people building at once do not share obj folders)
#   HAVM_RESULTS    moves the suites' results alone (default $HAVM_ARTIFACTS/results)
#   HAVM_SHARED     the shared reference material (default ../shared beside the checkout)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
artifacts="${HAVM_ARTIFACTS:-$root/artifacts}"
# Each suite writes "<passed> <failed>" to $results/<suite>.counts, which eng/test-all.sh adds up.
results="${HAVM_RESULTS:-$artifacts/results}"
shared="${HAVM_SHARED:-$root/../shared}"
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
