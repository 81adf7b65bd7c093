#!/usr/bin/env bash
# eng/package.sh: builds Havm.ComHost for every runtime and lays out the Windows package that
# install.cmd installs from, in $package_dir (eng/lib.sh: $HAVM_ARTIFACTS/package/Havm.Net), and a
# .zip beside it when python3 is there. Each runtime folder holds the files install.cmd names for it
# (its FILES_NET40 and FILES_NET10, read through eng/lib.sh):
#
#   Havm.Net/install.cmd           the installer (run it on every node)
#   Havm.Net/havm-wrapper.vbs      the Generic Script the cluster loads
#   Havm.Net/net40/                Havm.ComHost.dll, Havm.Core.dll          (regasm /codebase)
#   Havm.Net/net10/x64/            Havm.ComHost.dll, .comhost.dll, .runtimeconfig.json,
#   Havm.Net/net10/x86/            .deps.json, Havm.Core.dll                  (regsvr32)
#
# Usage: eng/package.sh [--no-build] [--runtime net40|net10]...   (default: both runtimes)
#   --no-build   take the existing build outputs (fails when one is missing)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build=1; runtimes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --runtime) runtimes+=("$2"); shift ;;
    *) echo "package.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ ${#runtimes[@]} -gt 0 ] || runtimes=(net40 net10)

pkg="$package_dir"
rm -rf "$pkg"; mkdir -p "$pkg"
net40_files=($(havm_package_files net40))
net10_files=($(havm_package_files net10))

# take DESTDIR BUILDDIR FILE...: copies the files, failing on a missing one
take() {
  local dest="$1" from="$2"; shift 2
  mkdir -p "$dest"
  for f in "$@"; do
    [ -f "$from/$f" ] || { echo "package.sh: $from/$f is missing (build failed?)" >&2; exit 1; }
    cp "$from/$f" "$dest/"
  done
}

for rt in "${runtimes[@]}"; do
  case "$rt" in
    net40)
      [ $build = 0 ] || havm_build_comhost net40
      take "$pkg/net40" "$(havm_comhost_bin net40)" "${net40_files[@]}" ;;
    net10)
      for rid in win-x64 win-x86; do
        [ $build = 0 ] || havm_build_comhost "$rid"
        take "$pkg/net10/${rid#win-}" "$(havm_comhost_bin "$rid")" "${net10_files[@]}"
      done ;;
    *) echo "package.sh: unknown runtime $rt (net40 or net10)" >&2; exit 2 ;;
  esac
done

# install.cmd and the wrapper are CRLF text files; keep them so.
for f in "${package_text_files[@]}"; do
  [ -f "$root/$f" ] || { echo "package.sh: $root/$f is missing" >&2; exit 1; }
  sed 's/\r*$/\r/' "$root/$f" > "$pkg/$f"
done

if command -v python3 >/dev/null 2>&1; then
  rm -f "$pkg.zip"
  (cd "$(dirname "$pkg")" && python3 -m zipfile -c "$(basename "$pkg").zip" "$(basename "$pkg")/")
fi
echo "package: $pkg"
find "$pkg" -type f | sed "s|^$pkg/|  |" | sort
