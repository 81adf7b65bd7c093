#!/usr/bin/env bash
# eng/setup-wine.sh [X.comhost.dll ...] [SERVICE.exe]
#
# Prepares a Wine prefix in which the real havm-wrapper.vbs, the Havm.Net COM class and the
# test bed's fake Virtual Server run, on a bare Debian machine. Idempotent, and quick when
# everything is already in place (file checks only, and regsvr32 only for a comhost that
# changed since its last registration):
#   1. Debian's wine + wine64 (apt-get, only when missing; 64-bit only, wine32 is not needed)
#   2. a 64-bit prefix at $WINEPREFIX set to Windows 10 (.NET 10 needs Windows 10 or later)
#   3. the Windows x64 .NET runtime of the same version as the local `dotnet` runtime, from
#      the NuGet package Microsoft.NETCore.App.Runtime.win-x64, laid out in
#      C:\Program Files\dotnet as the Windows installer lays it out
#   4. a "Virtual Server" Windows service, auto-start, running, so that code that checks it through
#      the Service Control Manager finds it: Wine's stub service, or the SERVICE.exe given (the test
#      bed's, whose stop can stay in StopPending); without a SERVICE.exe the service is left as it is
#   5. `regsvr32 /s` of each comhost given as an argument
#
# Environment: WINEPREFIX (default $artifacts/wine/prefix, from eng/lib.sh),
#              DOTNET_WIN_RT_VERSION (default: the newest local Microsoft.NETCore.App).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export WINEDEBUG="${WINEDEBUG:--all}"
say() { printf '[setup-wine %s] %s\n' "$(date +%T)" "$*" >&2; }
start=$SECONDS

# 1. Wine
if ! command -v wine >/dev/null 2>&1 || ! dpkg -s wine64 >/dev/null 2>&1 || ! dpkg -s wine >/dev/null 2>&1; then
  say "installing wine and wine64 with apt-get"
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wine wine64 >&2
fi

# 2. Prefix. mscoree and mshtml are switched off for wineboot only (it would otherwise look for
#    wine-mono and wine-gecko); .NET needs Wine's own mscoree.dll afterwards.
marker_prefix="$WINEPREFIX/.havm-prefix-ready"
if [ ! -f "$marker_prefix" ]; then
  say "creating the 64-bit prefix $WINEPREFIX"
  mkdir -p "$WINEPREFIX"
  WINEDLLOVERRIDES="mscoree=;mshtml=" wineboot -i >/dev/null 2>&1 || true
  wine winecfg -v win10 >/dev/null 2>&1
  [ -f "$WINEPREFIX/drive_c/windows/system32/cscript.exe" ] || { say "prefix broken: no cscript.exe"; exit 1; }
  touch "$marker_prefix"
fi

# 3. The Windows .NET runtime
ver="${DOTNET_WIN_RT_VERSION:-$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" { v = $2 } END { print v }')}"
[ -n "$ver" ] || { say "no local Microsoft.NETCore.App runtime: is the .NET SDK installed?"; exit 1; }
dotnet_dir="$WINEPREFIX/drive_c/Program Files/dotnet"
framework="$dotnet_dir/shared/Microsoft.NETCore.App/$ver"
fxr="$dotnet_dir/host/fxr/$ver"
if [ ! -f "$fxr/hostfxr.dll" ] || [ ! -f "$framework/coreclr.dll" ] || [ ! -f "$framework/System.Private.CoreLib.dll" ]; then
  packages="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')"
  pack="${packages%/}/microsoft.netcore.app.runtime.win-x64/$ver/runtimes/win-x64"
  if [ ! -f "$pack/native/coreclr.dll" ]; then
    say "fetching Microsoft.NETCore.App.Runtime.win-x64 $ver from NuGet"
    fetch="$(mktemp -d)"
    cat > "$fetch/fetch-runtime.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net$(cut -d. -f1-2 <<<"$ver")</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Microsoft.NETCore.App.Runtime.win-x64" Version="[$ver]" />
  </ItemGroup>
</Project>
EOF
    # outside the repository, so that its Directory.Build.* files do not apply
    (cd "$fetch" && dotnet restore fetch-runtime.csproj -nologo -v quiet >&2)
    rm -rf "$fetch"
  fi
  say "laying out .NET $ver in C:\\Program Files\\dotnet"
  mkdir -p "$framework" "$fxr"
  cp "$pack"/lib/net*/* "$framework/"
  cp "$pack"/native/* "$framework/"
  mv -f "$framework/hostfxr.dll" "$fxr/hostfxr.dll"
  wine reg add 'HKLM\SOFTWARE\dotnet\Setup\InstalledVersions\x64' /v InstallLocation /t REG_SZ \
    /d 'C:\Program Files\dotnet\' /f >/dev/null 2>&1
fi

# 4. The "Virtual Server" service: Wine's stub service (wuauserv) under that name
marker_service="$WINEPREFIX/.havm-service-ready"
if [ ! -f "$marker_service" ]; then
  if ! wine sc query "Virtual Server" >/dev/null 2>&1; then
    say "creating the \"Virtual Server\" service (Wine stub service)"
    wine sc create "Virtual Server" binpath= 'C:\windows\system32\wuauserv.exe' start= auto >/dev/null 2>&1
  fi
  # On a prefix made a moment ago the service manager may not take the start yet: ask again for a while.
  running=no
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    wine sc start "Virtual Server" >/dev/null 2>&1 || true
    if wine sc query "Virtual Server" 2>/dev/null | grep -q RUNNING; then running=yes; break; fi
    sleep 1
  done
  [ "$running" = yes ] || { say "the \"Virtual Server\" service does not run"; exit 1; }
  touch "$marker_service"
fi

# 4b. The service's program: the SERVICE.exe argument (set again only when it changes); without one, as it is
binpath=
for arg in "$@"; do
  case "$arg" in *.exe) [ -f "$arg" ] || { say "no such file: $arg"; exit 2; }; full="$(readlink -f "$arg")"; binpath="Z:${full//\//\\}" ;; esac
done
marker_binpath="$WINEPREFIX/.havm-service-binpath"
if [ -n "$binpath" ] && [ "$(cat "$marker_binpath" 2>/dev/null)" != "$binpath" ]; then
  say "the \"Virtual Server\" service runs $binpath"
  # Wine's sc has no "config": the service is made again with the new program
  wine sc stop "Virtual Server" >/dev/null 2>&1 || true
  wine sc delete "Virtual Server" >/dev/null 2>&1 || true
  wine sc create "Virtual Server" binpath= "$binpath" start= auto >/dev/null 2>&1 || { say "sc create failed"; exit 1; }
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    wine sc start "Virtual Server" >/dev/null 2>&1 || true
    if wine sc query "Virtual Server" 2>/dev/null | grep -q RUNNING; then echo "$binpath" > "$marker_binpath"; break; fi
    sleep 1
  done
  [ -f "$marker_binpath" ] && [ "$(cat "$marker_binpath")" = "$binpath" ] || { say "the \"Virtual Server\" service does not run $binpath"; exit 1; }
fi

# 5. COM servers: registered again only when the file changed (or moved) since last time
stamps="$WINEPREFIX/.havm-registered"
touch "$stamps"
for dll in "$@"; do
  case "$dll" in *.exe) continue ;; *.comhost.dll) ;; *) say "not a *.comhost.dll: $dll"; exit 2 ;; esac
  [ -f "$dll" ] || { say "no such file: $dll"; exit 2; }
  full="$(readlink -f "$dll")"
  stamp="$full $(stat -c %Y "$full") $(stat -c %Y "${full%.comhost.dll}.dll" 2>/dev/null || echo 0)"
  grep -qxF "$stamp" "$stamps" && continue
  win="Z:${full//\//\\}"
  say "regsvr32 $win"
  # Once more after a pause: a wineserver that an earlier run is shutting down can fail the first try.
  wine regsvr32 /s "$win" || { sleep 2; wine regsvr32 /s "$win"; } || { say "regsvr32 failed for $win"; exit 1; }
  grep -vF "$full " "$stamps" > "$stamps.new" || true
  echo "$stamp" >> "$stamps.new"
  mv "$stamps.new" "$stamps"
done
say "ready in $((SECONDS - start)) s: WINEPREFIX=$WINEPREFIX, .NET $ver"
