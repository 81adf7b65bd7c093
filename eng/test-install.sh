#!/usr/bin/env bash
# Suite "install": install.cmd under Wine's cmd.exe.
#   - /? and bad switches
#   - /whatif output for each switch combination (shutdown script, resource, restart policy,
#     migration, uninstall, net10): every change printed, none made
#   - the net40 path, the resource creation and the migration against recording stand-ins for
#     cluster.exe, regasm, gpupdate, sc and /check's cscript probe (tests/Install/stand-ins), run twice (idempotent), with
#     injected failures (rollback) and the refusals (online resource, resource in use, no
#     administrator, Windows 2003 before SP2, no .NET Framework 4)
#   - /vmc and /vnc (create, update, idempotence, an online resource, bad combinations)
#   - names as administrators write them: each class of character (space & ^ ! = ( ) non-ASCII)
#     in every name through every switch, read back on a second run, by /check, /migrate and
#     /uninstall ("%" by a static check: Wine's cmd.exe expands it again itself)
#   - /check: every check's [ok] and [fail]/[warn], exit codes, the property listing with the
#     defaults marked, Windows Server 2003's deadlock settings, nothing changed
#   - a real install with /runtime net10 (regsvr32 of the built comhost) after which
#     CreateObject("Havm.GenericScript") works from cscript and /check's probe (the real cscript)
#     creates it, and /uninstall after which neither does
# Prints PASS/FAIL lines; writes "<passed> <failed>" to $results/install.counts (eng/lib.sh).
# Uses its own prefix, $artifacts/wine/install-prefix (created by eng/setup-wine.sh).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$results"
export WINEPREFIX="$artifacts/wine/install-prefix" WINEDEBUG=-all
work="$artifacts/install-test"
rm -rf "$work"; mkdir -p "$work"
passed=0; failed=0
pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() {
  echo "$passed $failed" > "$results/install.counts"
  wineserver -k >/dev/null 2>&1
  echo "install: $passed passed, $failed failed"
}
trap finish EXIT

# ---- the prefix, the .NET 10 runtime, a package -----------------------------------------------
setup="$root/eng/setup-wine.sh"
if ! bash "$setup" > "$work/setup.log" 2>&1 && ! bash "$setup" >> "$work/setup.log" 2>&1; then
  cat "$work/setup.log"; fail "setup: $setup failed"; exit 1
fi
wineserver -p >/dev/null 2>&1 || true
win() { winepath -w "$1" 2>/dev/null; }
W="$WINEPREFIX/drive_c/windows"
standins="$(win "$root/tests/Install/stand-ins")"
noadmin="$(win "$root/tests/Install/noadmin")"

# Placeholder package for the stand-in runs (the files install.cmd names, eng/lib.sh): the stand-ins never load the DLLs.
pkg="$work/pkg"
mkdir -p "$pkg/net40"
sed 's/\r*$/\r/' "$root/install.cmd" > "$pkg/install.cmd"
if [ -f "$root/havm-wrapper.vbs" ]; then cp "$root/havm-wrapper.vbs" "$pkg/"; else printf "' placeholder\r\n" > "$pkg/havm-wrapper.vbs"; fi
for f in $(havm_package_files net40); do echo "placeholder $f" > "$pkg/net40/$f"; done
# net10 placeholders: enough for /whatif, and a comhost that regsvr32 cannot load (a real .exe failing)
mkdir -p "$pkg/net10/x64"
for f in $(havm_package_files net10); do
  echo "placeholder $f" > "$pkg/net10/x64/$f"
done
pkgw="$(win "$pkg")"

# ---- the fake cluster ---------------------------------------------------------------------------
state="$work/cluster"
fake_cluster() {   # a two-node cluster with Guest1Group and its disk DiskResourceX
  rm -rf "$state"; mkdir -p "$state/groups" "$state/res"
  printf 'NODE1\r\nNODE2\r\n' > "$state/nodes.txt"
  touch "$state/groups/Guest1Group"
  add_res DiskResourceX Online Guest1Group
}
add_res() {        # add_res NAME STATUS GROUP [priv:NAME=VALUE ...]
  local d="$state/res/$1"; mkdir -p "$d/priv" "$d/prop" "$d/deps" "$d/owners"
  printf '%s\r\n' "$2" > "$d/status"; printf '%s\r\n' "$3" > "$d/group"
  shift 3
  for kv in "$@"; do printf '%s\r\n' "${kv#*=}" > "$d/priv/${kv%%=*}"; done
}
calls() { [ -f "$state/calls.log" ] && tr -d '\r' < "$state/calls.log" | iconv -c -f cp1252 -t utf-8 | sed 's/ *$//'; }

# run NAME [install.cmd switches...]: output in $work/NAME.out, exit code in $rc
# Under load Wine now and then fails to start cmd.exe at all ("ShellExecuteEx failed"): such a
# run never reached install.cmd and is started once more.
# The same for reg.exe, which install.cmd runs first to read the Windows version.
# A run that printed nothing at all never reached install.cmd either (install.cmd always prints).
wine_flake() { [ ! -s "$work/$1.out" ] || grep -qE '^ShellExecuteEx failed|cannot read the Windows version from the registry' "$work/$1.out" 2>/dev/null; }
run() { run_once "$@"; if wine_flake "$1"; then echo "    (Wine could not start cmd.exe for $1: run again)"; run_once "$@"; fi; }
runq() { runq_once "$@"; if wine_flake "$1"; then echo "    (Wine could not start cmd.exe for $1: run again)"; runq_once "$@"; fi; }
run_once() {
  local name="$1"; shift
  rm -f "$state/calls.log"
  local regasm=(HAVM_REGASM64="$standins\\regasm64.cmd" HAVM_REGASM32="$standins\\regasm32.cmd")
  [ -z "${NOREGASM:-}" ] || regasm=(-u HAVM_REGASM64 -u HAVM_REGASM32)
  ( cd "$work" && env "${regasm[@]}" HAVM_FAKE_CLUSTER="$(win "$state")" HAVM_CLUSTER_EXE="$standins\\cluster.cmd" \
      HAVM_CSCRIPT="$standins\\cscript.cmd" WINEPATH="${XPATH:-$standins}" timeout 60 wine cmd /c "$pkgw\\install.cmd" "$@" ) 2>&1 \
      | tr -d '\r' | iconv -c -f cp1252 -t utf-8 > "$work/$name.out"
  rc=${PIPESTATUS[0]}
  out="$work/$name.out"
}
# runq NAME [install.cmd switches...]: as run, but the command line is written into a batch file
# with every argument quoted, as an administrator types it (Wine quotes only the arguments that
# hold spaces, and cmd.exe splits an unquoted one at = ; , and acts on & ^). Wine reads a batch
# file in the OEM code page (437 here) and prints in the ANSI one (1252), so non-ASCII letters
# are tested with letters both hold.
runq_once() {
  local name="$1"; shift
  local line="@\"$pkgw\\install.cmd\"" a
  for a in "$@"; do line+=" \"${a//%/%%}\""; done
  printf '%s\r\n' "$line" | iconv -f utf-8 -t cp437 > "$work/drv.cmd"
  rm -f "$state/calls.log"
  ( cd "$work" && env HAVM_REGASM64="$standins\\regasm64.cmd" HAVM_REGASM32="$standins\\regasm32.cmd" \
      HAVM_FAKE_CLUSTER="$(win "$state")" HAVM_CLUSTER_EXE="$standins\\cluster.cmd" HAVM_CSCRIPT="$standins\\cscript.cmd" \
      WINEPATH="$standins" timeout 60 wine cmd /c "$(win "$work")\\drv.cmd" ) 2>&1 | tr -d '\r' | iconv -c -f cp1252 -t utf-8 > "$work/$name.out"
  rc=${PIPESTATUS[0]}
  out="$work/$name.out"
}
has()   { grep -qF -- "$2" "$1"; }
check() {          # check NAME CONDITION...: PASS when the condition command succeeds
  local name="$1"; shift
  if "$@"; then pass "$name"; else fail "$name  (${out:-}: rc=$rc)"; sed 's/^/    | /' "${out:-/dev/null}" | tail -n 15; fi
}
rc_is()    { [ "$rc" = "$1" ]; }
# Exit codes: Wine hands a process's exit code to Linux modulo 256, so codes above 255 are
# checked as such plus the line install.cmd prints with the full code.
rc_code()  { [ "$rc" = $(($1 % 256)) ] && out_has "stopped with exit code $1."; }
# Wine's cmd turns the exit code of a batch file started with "call" into 1, so a failing
# .cmd stand-in is seen as exit code 1 (on Windows install.cmd passes on the tool's own code;
# the real regsvr32 test below checks that for an .exe).
rc_failed(){ [ "$rc" != 0 ] && out_has "stopped with exit code $rc."; }
out_has()  { has "$out" "$1"; }
out_lacks(){ ! has "$out" "$1"; }
calls_has(){ calls | grep -qF -- "$1"; }
calls_lack(){ ! calls | grep -qF -- "$1"; }
changes_none() {   # no command that changes something reached a stand-in
  ! calls | grep -qE '/create|/delete|/priv [A-Za-z]+=|/prop [A-Za-z]+=|/adddep|/addowner|^regasm|^gpupdate'
}
all() { local c; for c in "$@"; do eval "$c" || return 1; done; }
clean_node() {
  rm -rf "$W/Cluster/havm-wrapper.vbs" "$W/Cluster/Havm.Net" "$W/system32/GroupPolicy"
  wine reg delete 'HKLM\SOFTWARE\Classes\Havm.GenericScript' /f >/dev/null 2>&1
  wine reg delete 'HKLM\SOFTWARE\Classes\CLSID\{5C1A3A5E-0000-4000-8000-00000000CAFE}' /f >/dev/null 2>&1
  wine reg delete 'HKLM\SOFTWARE\Wow6432Node\Classes\CLSID\{5C1A3A5E-0000-4000-8000-00000000CAFE}' /f >/dev/null 2>&1
}
vm=(/vm Guest1 /group Guest1Group /disk DiskResourceX)
fake_cluster; clean_node

# ---- usage and bad switches ------------------------------------------------------------------------
run usage /?
check "/? prints the usage, exit 0" all 'rc_is 0' 'out_has "install.cmd /migrate NAME"' 'out_has "/whatif"'
bad() {  # bad NAME EXPECTED-TEXT SWITCHES...
  local name="$1"; want="$2"; shift 2
  run "bad-$name" "$@"
  check "bad switches: $name -> exit 87, '$want'" all 'rc_is 87' 'out_has "$want"' 'changes_none'
}
bad unknown 'unknown switch "/bogus"' /bogus
bad missing-value '/vm needs a value' /vm
bad value-is-switch '/group needs a value' /vm Guest1 /group /disk D
bad vm-without-group '/vm needs /group' /vm Guest1 /disk DiskResourceX
bad group-without-vm '/group is used only with /vm' /group Guest1Group
bad runtime '/runtime takes net40 or net10' /runtime net99
bad restarts-text '/restarts takes a whole number' "${vm[@]}" /restarts many
bad restarts-alone '/restarts is used only with /vm or /migrate' /restarts 3
bad period-zero '/period takes a number of seconds' "${vm[@]}" /restarts 3 /period 0
bad period-alone '/period goes with /restarts' "${vm[@]}" /period 900
bad nofailover-restarts '/nofailover always restarts' "${vm[@]}" /nofailover /restarts 3
bad uninstall-vm '/uninstall cannot be combined with /vm' /uninstall "${vm[@]}"
bad vm-migrate 'not both' "${vm[@]}" /migrate Old

# ---- /whatif ---------------------------------------------------------------------------------------------
nothing_installed() { [ ! -e "$W/Cluster/Havm.Net" ] && [ ! -e "$W/Cluster/havm-wrapper.vbs" ] && [ ! -e "$W/system32/GroupPolicy" ]; }
run whatif-node /whatif
check "/whatif: node install (net40) prints copies, both regasm /codebase, the shutdown script; runs none" all 'rc_is 0' \
  'out_has "whatif> copy /y \"$pkgw\\havm-wrapper.vbs\" \"C:\\windows\\Cluster\\havm-wrapper.vbs\""' \
  'out_has "regasm64.cmd\" /nologo /codebase \"C:\\windows\\Cluster\\Havm.Net\\net40\\Havm.ComHost.dll\""' \
  'out_has "regasm32.cmd\" /nologo /codebase \"C:\\windows\\Cluster\\Havm.Net\\net40\\Havm.ComHost.dll\""' \
  'out_has "whatif> echo net stop clussvc > \"C:\\windows\\Cluster\\Havm.Net\\Stop_clussvc_script.cmd\""' \
  'out_has "whatif> write [Shutdown] 0CmdLine=C:\\windows\\Cluster\\Havm.Net\\Stop_clussvc_script.cmd"' \
  'out_has "whatif> write gPCMachineExtensionNames and Version"' 'out_has "gpupdate /target:computer /force"' \
  'out_has "nothing was changed"' 'changes_none' 'nothing_installed'
run whatif-noshutdown /whatif /noshutdownscript
check "/whatif /noshutdownscript: no shutdown script step" all 'rc_is 0' 'out_has "[skip] shutdown script: /noshutdownscript given."' \
  'out_lacks "scripts.ini"' 'out_lacks gpupdate' 'nothing_installed'
run whatif-vm /whatif "${vm[@]}" /restarts 3 /period 900
c="$standins\\cluster.cmd"
check "/whatif /vm /restarts 3 /period 900: the resource commands, the restart policy; runs none" all 'rc_is 0' \
  "out_has 'whatif> \"$c\" res \"Guest1Script\" /create /group:\"Guest1Group\" /type:\"Generic Script\"'" \
  "out_has 'whatif> \"$c\" res \"Guest1Script\" /priv ScriptFilepath=\"%windir%\\Cluster\\havm-wrapper.vbs\"'" \
  "out_has 'whatif> \"$c\" res \"Guest1Script\" /prop SeparateMonitor=1'" \
  "out_has 'whatif> \"$c\" res \"Guest1Script\" /priv VirtualMachineName=\"Guest1\"'" \
  "out_has 'whatif> \"$c\" res \"Guest1Script\" /adddep:\"DiskResourceX\"'" \
  "out_has 'whatif> \"$c\" res \"Guest1Script\" /addowner:NODE1'" "out_has 'whatif> \"$c\" res \"Guest1Script\" /addowner:NODE2'" \
  "out_has 'whatif> \"$c\" res \"Guest1Script\" /prop RestartAction=2 RestartThreshold=3 RestartPeriod=900000'" \
  'out_has "restart on the same node 3 times, then fail over"' 'out_has "cluster group \"Guest1Group\" /online"' \
  'changes_none' 'nothing_installed'
run whatif-restarts0 /whatif "${vm[@]}" /restarts 0 /noshutdownscript
check "/whatif /restarts 0: fail over at once (RestartAction=2 RestartThreshold=0)" all 'rc_is 0' \
  'out_has "/prop RestartAction=2 RestartThreshold=0"' 'out_has "fail over at once"' 'out_lacks RestartPeriod='
run whatif-nofailover /whatif "${vm[@]}" /nofailover /resource G1Res
check "/whatif /nofailover /resource G1Res: RestartAction=1 on G1Res" all 'rc_is 0' \
  'out_has "res \"G1Res\" /prop RestartAction=1"' 'out_lacks RestartThreshold=' 'out_lacks "\"Guest1Script\""'
run whatif-restarts-numbers /whatif "${vm[@]}" /restarts 3.0 /period 0900
check "/whatif /restarts 3.0 /period 0900: numbers read as Havm.Net reads them (0900 is not octal)" all 'rc_is 0' \
  'out_has "/prop RestartAction=2 RestartThreshold=3 RestartPeriod=900000"'
run whatif-norestart /whatif "${vm[@]}"
check "/whatif /vm without a restart switch leaves the restart policy alone" all 'rc_is 0' 'out_lacks RestartAction'
add_res OldScript Offline Guest1Group 'ScriptFilepath=%windir%\Cluster\Havm.vbs' VirtualMachineName=Old UseAdditionsIsAlive=0
run whatif-migrate /whatif /migrate OldScript
check "/whatif /migrate: ScriptFilepath and SeparateMonitor only, private properties listed; runs none" all 'rc_is 0' \
  "out_has 'whatif> \"$c\" res \"OldScript\" /priv ScriptFilepath=\"%windir%\\Cluster\\havm-wrapper.vbs\"'" \
  "out_has 'whatif> \"$c\" res \"OldScript\" /prop SeparateMonitor=1'" 'out_has "UseAdditionsIsAlive"' \
  'out_lacks "VirtualMachineName=\""' 'out_lacks /create' 'changes_none'
run whatif-net10 /whatif /runtime net10 /noshutdownscript
check "/whatif /runtime net10: checks the runtime, prints regsvr32 of the x64 comhost" all 'rc_is 0' \
  'out_has "[check] .NET 10 runtime x64"' \
  'out_has "regsvr32.exe\" /s \"C:\\windows\\Cluster\\Havm.Net\\net10\\x64\\Havm.ComHost.comhost.dll\""' 'nothing_installed'

# ---- refusals -----------------------------------------------------------------------------------------------
XPATH="$noadmin;$standins" run noadmin "${vm[@]}"
check "no administrator rights: refused with exit 5, nothing done" all 'rc_is 5' 'out_has "administrator rights are needed"' 'changes_none' 'nothing_installed'
NOREGASM=1 run nonet40
check "no .NET Framework 4: refused with exit 2" all 'rc_is 2' 'out_has ".NET Framework 4 is not installed"' 'changes_none' 'nothing_installed'
cv='HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion'; csd='HKLM\SYSTEM\CurrentControlSet\Control\Windows'
wine reg add "$cv" /v CurrentVersion /d 5.2 /f >/dev/null 2>&1; wine reg add "$csd" /v CSDVersion /t REG_DWORD /d 256 /f >/dev/null 2>&1
run w2003sp1
check "Windows Server 2003 SP1: refused with exit 1150" all 'rc_code 1150' 'out_has "Havm.Net needs Windows"' 'changes_none' 'nothing_installed'
wine reg add "$csd" /v CSDVersion /t REG_DWORD /d 512 /f >/dev/null 2>&1
run w2003sp2 /whatif /noshutdownscript
check "Windows Server 2003 SP2: accepted" all 'rc_is 0' 'out_has "[check] Windows 5.2 service pack 2"'
wine reg add "$cv" /v CurrentVersion /d 10.0 /f >/dev/null 2>&1; wine reg add "$csd" /v CSDVersion /t REG_DWORD /d 0 /f >/dev/null 2>&1

# ---- net40 + resource against the stand-ins ----------------------------------------------------------------
rm -rf "$state/res/OldScript"
run install "${vm[@]}" /restarts 3 /period 900
r="$state/res/Guest1Script"
order="$(calls | grep -E '/create|/priv [A-Z]|/prop [A-Z]|/adddep|/addowner|^regasm|^gpupdate' | tr '\n' '|')"
expected='regasm64 /nologo /codebase "C:\windows\Cluster\Havm.Net\net40\Havm.ComHost.dll"|regasm32 /nologo /codebase "C:\windows\Cluster\Havm.Net\net40\Havm.ComHost.dll"|gpupdate /target:computer /force|res "Guest1Script" /create /group:"Guest1Group" /type:"Generic Script"|res "Guest1Script" /priv ScriptFilepath="%windir%\Cluster\havm-wrapper.vbs"|res "Guest1Script" /prop SeparateMonitor=1|res "Guest1Script" /priv VirtualMachineName="Guest1"|res "Guest1Script" /adddep:"DiskResourceX"|'
check "install /vm: regasm both bitnesses, gpupdate, then the resource commands in order" all 'rc_is 0' '[[ "$order" == "$expected"* ]]'
check "install /vm: every node a possible owner, restart policy set, resource left offline" all \
  'calls_has "/addowner:NODE1"' 'calls_has "/addowner:NODE2"' \
  'calls_has "/prop RestartAction=2 RestartThreshold=3 RestartPeriod=900000"' 'grep -q Offline "$r/status"' \
  'calls_lack /online' 'out_has "cluster group \"Guest1Group\" /online"'
check "install: files on the local disk (wrapper in %windir%\\Cluster, COM class under Havm.Net\\net40)" all \
  '[ -f "$W/Cluster/havm-wrapper.vbs" ]' '[ -f "$W/Cluster/Havm.Net/net40/Havm.ComHost.dll" ]' '[ -f "$W/Cluster/Havm.Net/net40/Havm.Core.dll" ]'
ini="$W/system32/GroupPolicy/Machine/Scripts/scripts.ini"; gpt="$W/system32/GroupPolicy/gpt.ini"
check "install: shutdown script (net stop clussvc) in the local policy: scripts.ini, gpt.ini" all \
  'grep -q "^net stop clussvc" "$W/Cluster/Havm.Net/Stop_clussvc_script.cmd"' \
  'tr -d "\r" < "$ini" | grep -qx "0CmdLine=C:\\\\windows\\\\Cluster\\\\Havm.Net\\\\Stop_clussvc_script.cmd"' \
  'tr -d "\r" < "$gpt" | grep -qx "gPCMachineExtensionNames=\[{42B5FAAE-6536-11D2-AE5A-0000F87571E3}{40B6664F-4972-11D1-A7CA-0000F87571E3}\]"' \
  'tr -d "\r" < "$gpt" | grep -qx "Version=1"'
run install-again "${vm[@]}" /restarts 3 /period 900
check "install twice: the second run changes nothing" all 'rc_is 0' 'changes_none' 'out_has "[skip] resource \"Guest1Script\" is already configured"' \
  'out_has "[skip] Havm.GenericScript 64-bit is registered"' 'out_has "[skip] shutdown script already configured"' \
  'tr -d "\r" < "$gpt" | grep -qx "Version=1"' 'out_lacks "[step]"'
printf 'Online\r\n' > "$r/status"
run online-same "${vm[@]}" /restarts 3 /period 900
check "resource online and nothing to change: exit 0, untouched" all 'rc_is 0' 'changes_none'
run online-change "${vm[@]}" /restarts 5 /period 900
check "resource online and a change asked: refused with the /offline command" all 'rc_is 1' 'out_has "cluster res \"Guest1Script\" /offline"' 'changes_none'
printf 'Offline\r\n' > "$r/status"
run update "${vm[@]}" /nofailover
check "update an existing offline resource: only the restart policy changes" all 'rc_is 0' \
  'calls_has "/prop RestartAction=1"' 'calls_lack /create' 'calls_lack /adddep' 'calls_lack /addowner' 'calls_lack "ScriptFilepath="'

# failure injection: a failing cluster step deletes the resource this run created
touch "$state/fail-addowner"
run fail-owner "${vm[@]}" /resource G2Script
rm -f "$state/fail-addowner"
check "a failing step stops (exit code not 0) and deletes the resource it created" all 'rc_failed' 'out_has "System error 5003"' \
  'out_has "[undo] delete \"G2Script\""' 'calls_has "res \"G2Script\" /delete"' '[ ! -e "$state/res/G2Script" ]' 'calls_lack RestartAction'
run missing-group /vm G3 /group NoGroup /disk DiskResourceX
check "a missing group: refused, named" all 'rc_is 1' 'out_has "the group \"NoGroup\" does not exist"' 'changes_none'

# ---- migration --------------------------------------------------------------------------------------------------
add_res OldScript Offline Guest1Group 'ScriptFilepath=%windir%\Cluster\Havm.vbs' VirtualMachineName=Old UseAdditionsIsAlive=0
run migrate /migrate OldScript
check "migrate: ScriptFilepath to the wrapper, SeparateMonitor=1, private properties kept" all 'rc_is 0' \
  'calls_has "res \"OldScript\" /priv ScriptFilepath=\"%windir%\\Cluster\\havm-wrapper.vbs\""' 'calls_has "res \"OldScript\" /prop SeparateMonitor=1"' \
  'calls_lack "VirtualMachineName="' 'calls_lack /create' 'calls_lack /delete' \
  'grep -q "^0" "$state/res/OldScript/priv/UseAdditionsIsAlive"' 'grep -q "^Old" "$state/res/OldScript/priv/VirtualMachineName"'
run migrate-again /migrate OldScript
check "migrate twice: the second run changes nothing" all 'rc_is 0' 'changes_none'
add_res Old2 Online Guest1Group 'ScriptFilepath=%windir%\Cluster\Havm.vbs' VirtualMachineName=Old2
run migrate-online /migrate Old2
check "migrate an online resource: refused with the /offline command" all 'rc_is 1' 'out_has "cluster res \"Old2\" /offline"' 'changes_none'
add_res Other Offline Guest1Group 'ScriptFilepath=C:\scripts\other.vbs'
run migrate-other /migrate Other
check "migrate a resource that is not Havm.vbs: refused" all 'rc_is 1' 'out_has "not Havm.vbs"' 'changes_none'
run migrate-none /migrate NoSuch
check "migrate a resource that does not exist: refused" all 'rc_is 1' 'out_has "no resource \"NoSuch\""' 'changes_none'

# ---- uninstall ---------------------------------------------------------------------------------------------------
run uninstall-inuse /uninstall
check "uninstall while resources use the wrapper: refused, naming them" all 'rc_is 1' 'out_has "\"Guest1Script\""' 'out_has "\"OldScript\""' \
  'changes_none' '[ -f "$W/Cluster/havm-wrapper.vbs" ]'
rm -rf "$state/res/Guest1Script" "$state/res/OldScript"
run whatif-uninstall /whatif /uninstall
check "/whatif /uninstall: prints the unregistration and removals, runs none" all 'rc_is 0' \
  'out_has "regasm64.cmd\" /nologo /unregister \"C:\\windows\\Cluster\\Havm.Net\\net40\\Havm.ComHost.dll\""' \
  'out_has "whatif> remove [Shutdown] 0CmdLine"' 'out_has "whatif> del /f /q \"C:\\windows\\Cluster\\havm-wrapper.vbs\""' \
  'changes_none' '[ -f "$W/Cluster/havm-wrapper.vbs" ]'
run uninstall /uninstall
check "uninstall: both regasm /unregister, files and shutdown script removed" all 'rc_is 0' \
  'calls_has "regasm64 /nologo /unregister"' 'calls_has "regasm32 /nologo /unregister"' \
  '[ ! -e "$W/Cluster/havm-wrapper.vbs" ]' '[ ! -e "$W/Cluster/Havm.Net" ]' '! tr -d "\r" < "$ini" | grep -q CmdLine' \
  '! wine reg query "HKLM\SOFTWARE\Classes\Havm.GenericScript" >/dev/null 2>&1'
run uninstall-again /uninstall
check "uninstall twice: the second run changes nothing" all 'rc_is 0' 'changes_none' 'out_lacks "[step]"'

# ---- the local policy with other scripts in it ----------------------------------------------------------------
clean_node; mkdir -p "$W/system32/GroupPolicy/Machine/Scripts"
printf '[Startup]\r\n0CmdLine=C:\\boot.cmd\r\n0Parameters=\r\n[Shutdown]\r\n0CmdLine=C:\\other.cmd\r\n0Parameters=-q\r\n' > "$ini"
printf '[General]\r\ngPCFunctionalityVersion=2\r\ngPCMachineExtensionNames=[{35378EAC-683F-11D2-A89A-00C04FBBCFA2}{0F6B957D-509E-11D1-A7CC-0000F87571E3}][{827D319E-6EAC-11D2-A4EA-00C04F79F83A}{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}]\r\nVersion=65541\r\n' > "$gpt"
run gp-merge
check "shutdown script beside other scripts: added as entry 1, the others kept, gpt.ini merged and sorted" all 'rc_is 0' \
  'tr -d "\r" < "$ini" | tr "\n" "|" | grep -qF "[Startup]|0CmdLine=C:\\boot.cmd|0Parameters=|[Shutdown]|0CmdLine=C:\\other.cmd|0Parameters=-q|1CmdLine=C:\\windows\\Cluster\\Havm.Net\\Stop_clussvc_script.cmd|1Parameters=|"' \
  'tr -d "\r" < "$gpt" | grep -qx "gPCMachineExtensionNames=\[{35378EAC-683F-11D2-A89A-00C04FBBCFA2}{0F6B957D-509E-11D1-A7CC-0000F87571E3}\]\[{42B5FAAE-6536-11D2-AE5A-0000F87571E3}{40B6664F-4972-11D1-A7CA-0000F87571E3}\]\[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}\]"' \
  'tr -d "\r" < "$gpt" | grep -qx "Version=65542"' 'tr -d "\r" < "$gpt" | grep -qx "gPCFunctionalityVersion=2"'
run gp-remove /uninstall
check "uninstall removes only its own shutdown script" all 'rc_is 0' \
  'tr -d "\r" < "$ini" | tr "\n" "|" | grep -qF "[Shutdown]|0CmdLine=C:\\other.cmd|0Parameters=-q|"' '! grep -q Stop_clussvc "$ini"' \
  'grep -q "C:.boot.cmd" "$ini"'
clean_node; mkdir -p "$W/system32/GroupPolicy/Machine/Scripts"
printf '[Shutdown]\r\n0CmdLine=c:\\Stop_clussvc_script.cmd\r\n0Parameters=\r\n' > "$ini"
run gp-guide /runtime net40
check "a node set up by the guide (c:\\Stop_clussvc_script.cmd): shutdown script left as it is" all 'rc_is 0' \
  'out_has "[skip] shutdown script already configured: c:\\Stop_clussvc_script.cmd"' 'calls_lack gpupdate' '[ ! -e "$W/Cluster/Havm.Net/Stop_clussvc_script.cmd" ]'

# registration failure: nothing half-registered
clean_node
touch "$state/fail-regasm32"
run fail-regasm /noshutdownscript
rm -f "$state/fail-regasm32"
check "a failing regasm: stops, the 64-bit registration and the new files undone" all 'rc_failed' 'out_has "error RA0000"' \
  'calls_has "regasm64 /nologo /unregister"' '[ ! -e "$W/Cluster/Havm.Net/net40" ]' \
  '! wine reg query "HKLM\SOFTWARE\Classes\Havm.GenericScript" >/dev/null 2>&1'
clean_node
run fail-regsvr32 /runtime net10 /noshutdownscript
check "a failing regsvr32 (.exe): install.cmd stops with regsvr32's exit code, nothing left behind" all 'rc_failed' \
  'out_has "the command above failed with exit code $rc."' '[ ! -e "$W/Cluster/Havm.Net/net10" ]'
clean_node

# break9: a copy that fails half way through an update (a DLL in use cannot be replaced: here immutable): the
# files this run already replaced are put back, so that the node keeps one consistent version (issue 9: "a copy
# that fails half way is rolled back"; install.cmd's :rollback_files removes only a folder this run created)
clean_node
run copy-base /noshutdownscript
for f in havm-wrapper.vbs net40/Havm.ComHost.dll net40/Havm.Core.dll; do cp "$pkg/$f" "$work/$(basename "$f").orig"; done
printf "' a newer wrapper\r\n" >> "$pkg/havm-wrapper.vbs"
echo "a newer Havm.ComHost.dll" >> "$pkg/net40/Havm.ComHost.dll"; echo "a newer Havm.Core.dll" >> "$pkg/net40/Havm.Core.dll"
locked="$W/Cluster/Havm.Net/net40/Havm.Core.dll"
chattr +i "$locked" 2>/dev/null || chmod a-w "$locked"   # root writes a read-only file: immutable instead
run copy-halfway /noshutdownscript
chattr -i "$locked" 2>/dev/null; chmod u+w "$locked"
check "break9: a copy that fails half way through an update stops, and puts back the files it already replaced" all 'rc_failed' \
  'out_has "could not copy Havm.Core.dll"' \
  'cmp -s "$W/Cluster/havm-wrapper.vbs" "$work/havm-wrapper.vbs.orig"' \
  'cmp -s "$W/Cluster/Havm.Net/net40/Havm.ComHost.dll" "$work/Havm.ComHost.dll.orig"'
for f in havm-wrapper.vbs net40/Havm.ComHost.dll net40/Havm.Core.dll; do cp "$work/$(basename "$f").orig" "$pkg/$f"; done
clean_node
# the same kind, by reading: a fresh install whose copy fails leaves no file behind (the wrapper included); switching
# runtime, a failing copy or registration leaves the other runtime registered (it is unregistered only after the
# copy, and registered again when the new one fails)
mkdir -p "$W/Cluster/Havm.Net"; echo "not a folder" > "$W/Cluster/Havm.Net/net40"
run copy-fresh-fails /noshutdownscript
check "a fresh install whose copy fails deletes the files it added (the wrapper too)" all 'rc_failed' \
  'out_has "could not copy Havm.ComHost.dll"' '[ ! -e "$W/Cluster/havm-wrapper.vbs" ]' '[ -f "$W/Cluster/Havm.Net/net40" ]'
clean_node
run switch-base /noshutdownscript
echo "not a folder" > "$W/Cluster/Havm.Net/net10"
run switch-copy-fails /runtime net10 /noshutdownscript
rm -f "$W/Cluster/Havm.Net/net10"
check "switching runtime, a failing copy leaves the other runtime registered and in place" all 'rc_failed' \
  'calls_lack "/unregister"' '[ -f "$W/Cluster/Havm.Net/net40/Havm.ComHost.dll" ]' \
  'wine reg query "HKLM\SOFTWARE\Classes\Havm.GenericScript" >/dev/null 2>&1'
run switch-register-fails /runtime net10 /noshutdownscript
check "switching runtime, a failing registration registers the other runtime again" all 'rc_failed' \
  'calls_has "regasm64 /nologo /unregister"' 'calls_has "regasm64 /nologo /codebase"' \
  '[ -f "$W/Cluster/Havm.Net/net40/Havm.ComHost.dll" ]' '[ ! -e "$W/Cluster/Havm.Net/net10" ]' \
  'wine reg query "HKLM\SOFTWARE\Classes\Havm.GenericScript" >/dev/null 2>&1'
clean_node

# ---- /vmc and /vnc ---------------------------------------------------------------------------------------
fake_cluster; clean_node
run whatif-vmc /whatif "${vm[@]}" /vmc 'X:\Guest1\Guest1.vmc' /vnc 'X:\Net\Internal.vnc;X:\Net\External.vnc' /noshutdownscript
check "/whatif /vm /vmc /vnc: sets VirtualMachineConfigurationPath and VirtualNetworkConfigurationPaths; runs none" all 'rc_is 0' \
  "out_has 'whatif> \"$c\" res \"Guest1Script\" /priv VirtualMachineConfigurationPath=\"X:\\Guest1\\Guest1.vmc\"'" \
  "out_has 'whatif> \"$c\" res \"Guest1Script\" /priv VirtualNetworkConfigurationPaths=\"X:\\Net\\Internal.vnc;X:\\Net\\External.vnc\"'" \
  'changes_none'
run vmc-create "${vm[@]}" /vmc 'X:\Guest1\Guest1.vmc' /vnc 'X:\Net\Internal.vnc' 'X:\Net\External.vnc' /noshutdownscript
r="$state/res/Guest1Script"
check "/vm /vmc /vnc (an unquoted A.vnc;B.vnc arrives split, and is joined): both properties set on the new resource" all 'rc_is 0' \
  'calls_has "res \"Guest1Script\" /priv VirtualMachineConfigurationPath=\"X:\\Guest1\\Guest1.vmc\""' \
  'calls_has "res \"Guest1Script\" /priv VirtualNetworkConfigurationPaths=\"X:\\Net\\Internal.vnc;X:\\Net\\External.vnc\""' \
  '[ "$(tr -d "\r" < "$r/priv/VirtualNetworkConfigurationPaths")" = "X:\Net\Internal.vnc;X:\Net\External.vnc" ]'
run vmc-again "${vm[@]}" /vmc 'X:\Guest1\Guest1.vmc' /vnc 'X:\Net\Internal.vnc;X:\Net\External.vnc' /noshutdownscript
check "/vm /vmc /vnc twice: the second run changes nothing" all 'rc_is 0' 'changes_none' 'out_has "[skip] resource \"Guest1Script\" is already configured"'
run vmc-update "${vm[@]}" /vmc 'Y:\Guest1\Guest1.vmc' /noshutdownscript
check "/vmc on an existing resource: only VirtualMachineConfigurationPath changes" all 'rc_is 0' \
  'calls_has "res \"Guest1Script\" /priv VirtualMachineConfigurationPath=\"Y:\\Guest1\\Guest1.vmc\""' 'calls_lack /create' \
  'calls_lack VirtualNetworkConfigurationPaths=' 'calls_lack "VirtualMachineName="'
printf 'Online\r\n' > "$r/status"
run vmc-online "${vm[@]}" /vmc 'Z:\other.vmc' /noshutdownscript
printf 'Offline\r\n' > "$r/status"
check "/vmc that would change an online resource: refused with the /offline command" all 'rc_is 1' 'out_has "cluster res \"Guest1Script\" /offline"' 'changes_none'
bad vmc-without-vm '/vmc is used only with /vm' /vmc 'X:\g.vmc'
bad vnc-without-vm '/vnc is used only with /vm' /migrate Old /vnc 'X:\a.vnc'
bad check-group '/check takes only /vm NAME or /resource NAME' /check /group Guest1Group
bad check-both '/check takes /vm NAME or /resource NAME, not both' /check /vm Guest1 /resource Guest1Script

# ---- names as administrators write them -------------------------------------------------------------------
# Each class of character, in every name (guest, group, disk, resource, /vmc, /vnc), through every switch
# (/vm /group /disk /resource /vmc /vnc, a second run, /check /resource, /check /vm, /migrate, /uninstall).
# "%" is not among them: Wine 8's cmd.exe expands the text it has just substituted again (wcmdmain.c
# handleExpansion), so a "%" in an argument is changed before install.cmd sees it ("%1" in one loops
# until cmd.exe crashes). install.cmd expands each name once and never passes one through "call"
# (which is what expands a "%" twice on Windows); the static check after the loop holds it to that.
classes=("space|Web One" "ampersand|R&D" "caret|Web^1" "bang|Hi!there" "equals|A=B" "parentheses|Web(Prod)" "non-ASCII|Gäst-Ü")
for entry in "${classes[@]}"; do
  cls="${entry%%|*}"; x="${entry#*|}"
  fake_cluster
  g="$x-Group"; d="$x-Disk"; vmn="$x"; rn="$x-Res"; vmc="X:\\$x\\$x.vmc"; vnc="X:\\$x\\a.vnc;X:\\$x\\b.vnc"
  touch "$state/groups/$g"; add_res "$d" Online "$g"
  runq "names-$cls" /vm "$vmn" /group "$g" /disk "$d" /resource "$rn" /vmc "$vmc" /vnc "$vnc" /noshutdownscript
  r="$state/res/$rn"
  w1="res \"$rn\" /create /group:\"$g\" /type:\"Generic Script\""; w2="res \"$rn\" /priv VirtualMachineName=\"$vmn\""
  w3="res \"$rn\" /priv VirtualMachineConfigurationPath=\"$vmc\""; w4="res \"$rn\" /priv VirtualNetworkConfigurationPaths=\"$vnc\""
  w5="res \"$rn\" /adddep:\"$d\""
  check "names ($cls, \"$x\"): /vm /group /disk /resource /vmc /vnc reach cluster.exe unchanged" all 'rc_is 0' \
    'calls_has "$w1"' 'calls_has "$w2"' 'calls_has "$w3"' 'calls_has "$w4"' 'calls_has "$w5"' \
    '[ "$(iconv -f cp1252 < "$r/priv/VirtualMachineName" | tr -d "\r")" = "$vmn" ]' '[ -e "$r/deps/$d" ]' \
    'out_has "[step] VirtualMachineName=\"$vmn\""' 'out_has "cluster group \"$g\" /online"'
  runq "names-$cls-again" /vm "$vmn" /group "$g" /disk "$d" /resource "$rn" /vmc "$vmc" /vnc "$vnc" /noshutdownscript
  check "names ($cls): the second run reads them back and changes nothing" all 'rc_is 0' 'changes_none' \
    'out_has "[skip] resource \"$rn\" is already configured"'
  runq "names-$cls-check" /check /resource "$rn"
  check "names ($cls): /check /resource finds the resource and lists its properties" all 'rc_is 0' \
    'out_has "Resource \"$rn\" (Offline on NODE1):"' 'out_has "[ok]   VirtualMachineName=\"$vmn\""' \
    'out_has "  VirtualMachineConfigurationPath        \"$vmc\""' 'changes_none'
  runq "names-$cls-checkvm" /check /vm "$vmn"
  check "names ($cls): /check /vm finds the guest's resource" all 'rc_is 0' 'out_has "Resource \"$rn\" (Offline on NODE1):"'
  add_res "$x-Old" Offline "$g" 'ScriptFilepath=%windir%\Cluster\Havm.vbs' "VirtualMachineName=$vmn"
  runq "names-$cls-migrate" /migrate "$x-Old" /noshutdownscript
  w6="res \"$x-Old\" /priv ScriptFilepath=\"%windir%\\Cluster\\havm-wrapper.vbs\""; w7="res \"$x-Old\" /prop SeparateMonitor=1"
  check "names ($cls): /migrate reaches cluster.exe unchanged" all 'rc_is 0' 'calls_has "$w6"' 'calls_has "$w7"' 'calls_lack /create'
  runq "names-$cls-uninstall" /uninstall
  check "names ($cls): /uninstall names the resources that use the wrapper" all 'rc_is 1' 'out_has "  \"$rn\""' 'out_has "  \"$x-Old\""'
done
# the rule the character classes above cannot show under Wine: no name goes through "call"
lint="$(tr -d '\r' < "$root/install.cmd" | grep -nE 'call .*%O_(VM|GROUP|DISK|RES|VMC|VNC|MIGRATE)%' | grep -vE '^[0-9]+:rem |CL_CALL' || true)"
check "names: install.cmd never passes a name through \"call\" (a \"%\" would be expanded twice on Windows)" all '[ -z "$lint" ]'
[ -z "$lint" ] || echo "$lint" | sed 's/^/    | /'

# ---- /check -------------------------------------------------------------------------------------------------
fake_cluster; clean_node
me="$(cd "$work" && wine cmd /c echo %COMPUTERNAME% 2>/dev/null | tr -d '\r')"
mkdir -p "$WINEPREFIX/drive_c/vms/Guest1"
echo '<preferences/>' > "$WINEPREFIX/drive_c/vms/Guest1/Guest1.vmc"; echo '<preferences/>' > "$WINEPREFIX/drive_c/vms/Internal.vnc"
run check-setup "${vm[@]}" /vmc 'C:\vms\Guest1\Guest1.vmc' /vnc 'C:\vms\Internal.vnc'
r="$state/res/Guest1Script"
printf '%s\r\n' "$me" > "$r/node"
mkdir -p "$state/vs"; printf 'C:\\vms\\Guest1\\Guest1.vmc\r\n' > "$state/vs/Guest1"
check_has() { out_has "$1"; }
run check-healthy /check
check "/check on a healthy node: every check [ok], exit 0, nothing changed, the service never started" all 'rc_is 0' \
  'out_has "[ok]   Havm.GenericScript is registered for x64: C:\windows\Cluster\Havm.Net\net40\Havm.ComHost.dll"' \
  'out_has "[ok]   Havm.GenericScript can be created"' 'out_has "[ok]   the wrapper is in place"' \
  'out_has "[ok]   the Virtual Server service is running"' 'out_has "[ok]   shutdown script stops the Cluster service"' \
  "out_has 'Resource \"Guest1Script\" (Offline on $me):'" 'out_has "[ok]   VirtualMachineName=\"Guest1\""' \
  'out_has "[ok]   the configuration file is readable from this node: \"C:\vms\Guest1\Guest1.vmc\""' \
  'out_has "[ok]   the network file is readable from this node: \"C:\vms\Internal.vnc\""' \
  'out_has "[ok]   \"Guest1\" is registered in Virtual Server here: \"C:\vms\Guest1\Guest1.vmc\""' \
  'out_has "[ok]   OnlineTimeoutSeconds=150 is inside PendingTimeout 180000 ms and the deadlock timeout 300 s"' \
  'out_has "[ok]   TerminateTimeoutSeconds=120 is inside"' 'out_has "[ok]   SeparateMonitor=1"' \
  'out_lacks "[fail]"' 'out_lacks "[warn]"' 'out_has "Result: every check passed."' 'changes_none' 'calls_lack "sc start"' 'calls_lack "net start"'
check "/check lists every Havm.Net property, the defaults marked" all \
  'out_has "  VirtualMachineName                     \"Guest1\""' \
  'out_has "  UseAdditionsIsAlive                    1 = on  (default)"' \
  'out_has "  AdditionsIsAliveFailureRecoveryAction  1 = turn off  (default)"' \
  'out_has "  AdditionsIsAliveHeartbeatThreshold     0  (default)"' 'out_has "  HeartbeatMissesBeforeFailure           2  (default)"' \
  'out_has "  OnlineTimeoutSeconds                   150  (default)"' 'out_has "  OfflineTimeoutSeconds                  150  (default)"' \
  'out_has "  TerminateTimeoutSeconds                120  (default)"' 'out_has "  OfflineAction                          1 = save  (default)"' \
  'out_has "  DiscardUnrestorableSavedState          0  (default)"' \
  'out_has "  VirtualMachineConfigurationPath        \"C:\vms\Guest1\Guest1.vmc\""' \
  'out_has "  VirtualNetworkConfigurationPaths       \"C:\vms\Internal.vnc\""' \
  'out_has "  LastOnlineNode                         (not written yet)"' 'out_has "  StaleSavedStateNode                    (not written yet)"'
printf '3\r\n' > "$r/priv/HeartbeatMissesBeforeFailure"
run check-set /check /resource Guest1Script
rm -f "$r/priv/HeartbeatMissesBeforeFailure"
check "/check /resource: a value set on the resource is shown as set" all 'rc_is 0' 'out_has "  HeartbeatMissesBeforeFailure           \"3\""'

# one failure at a time, each restored afterwards: expect_fail NAME TEXT [FIX]
expect_fail() {
  etext="$2"; efix="${3:-}"
  run "check-$1" /check
  check "/check: $1 -> [fail] with the fix, exit 1" all 'rc_is 1' 'out_has "[fail] $etext"' '[ -z "$efix" ] || out_has "       fix: $efix"' \
    'out_has "check(s) failed"' 'changes_none'
}
printf 'stopped\r\n' > "$state/vs-service"
expect_fail service-stopped "the Virtual Server service is installed but STOPPED" 'sc config "Virtual Server" start= auto & net start "Virtual Server"'
check "/check with the service stopped: the guest is not looked up (that would start it); registrable from the .vmc" all \
  'calls_lack "cscript vm"' 'out_has "[ok]   registrable: Online registers the guest from \"C:\vms\Guest1\Guest1.vmc\""'
printf 'absent\r\n' > "$state/vs-service"
expect_fail service-absent "the Virtual Server service is not installed on this node" "install Virtual Server 2005 R2 SP1 on this node"
rm -f "$state/vs-service"
touch "$state/com-fail"
expect_fail com-not-creatable "Havm.GenericScript is registered but cannot be created: ERR 80040154 Class not registered" "install.cmd"
rm -f "$state/com-fail"
mv "$W/Cluster/havm-wrapper.vbs" "$work/wrapper.bak"
expect_fail wrapper-missing 'C:\windows\Cluster\havm-wrapper.vbs is missing' "install.cmd"
mv "$work/wrapper.bak" "$W/Cluster/havm-wrapper.vbs"
mv "$r/priv/VirtualMachineName" "$work/vmname.bak"
expect_fail vmname-missing "VirtualMachineName is not set: Online fails with error 13" 'cluster res "Guest1Script" /priv VirtualMachineName=GUEST'
mv "$work/vmname.bak" "$r/priv/VirtualMachineName"
printf 'C:\\vms\\Guest1\\Missing.vmc\r\n' > "$r/priv/VirtualMachineConfigurationPath"
expect_fail vmc-unreadable 'the configuration file is not readable from this node: "C:\vms\Guest1\Missing.vmc"'
check "/check: a guest registered from another file than the property -> [fail] naming both" all \
  'out_has "[fail] \"Guest1\" is registered here from \"C:\vms\Guest1\Guest1.vmc\", not from \"C:\vms\Guest1\Missing.vmc\""'
printf 'NODE2\r\n' > "$r/node"
run check-away /check
check "/check with the group on another node: the files are not read here ([skip]); registrable there" all 'rc_is 1' \
  'out_has "[skip] the configuration file is not read here: the group is on NODE2"' 'out_has "[skip] the network files are not read here"'
printf '%s\r\n' "$me" > "$r/node"; printf 'C:\\vms\\Guest1\\Guest1.vmc\r\n' > "$r/priv/VirtualMachineConfigurationPath"
printf 'C:\\vms\\Internal.vnc;C:\\vms\\Gone.vnc\r\n' > "$r/priv/VirtualNetworkConfigurationPaths"
expect_fail vnc-unreadable 'the network file is not readable from this node: "C:\vms\Gone.vnc"'
check "/check: each network file on its own line" all 'out_has "[ok]   the network file is readable from this node: \"C:\vms\Internal.vnc\""'
printf 'C:\\vms\\Internal.vnc\r\n' > "$r/priv/VirtualNetworkConfigurationPaths"
rm -f "$state/vs/Guest1"
run check-registrable /check
check "/check: a guest not registered here but with a readable .vmc is registrable: [ok], exit 0" all 'rc_is 0' \
  'out_has "[ok]   \"Guest1\" is not registered here, and registrable: Online registers it from \"C:\vms\Guest1\Guest1.vmc\""'
# break9: every [fail] comes with the command that fixes it (issue 9, 3: "[fail] with the fixing command")
printf 'C:\\vms\\Guest1\\Missing.vmc\r\n' > "$r/priv/VirtualMachineConfigurationPath"
run check-unregistered-unreadable /check
printf 'C:\\vms\\Guest1\\Guest1.vmc\r\n' > "$r/priv/VirtualMachineConfigurationPath"
check "break9: /check: not registered here and the .vmc unreadable -> [fail] followed by its fix" all 'rc_is 1' \
  'out_has "[fail] \"Guest1\" is not registered here and its configuration file cannot be read"' \
  'grep -A1 -F "[fail] \"Guest1\" is not registered here and its configuration file cannot be read" "$out" | grep -q "^       fix: "'
mv "$r/priv/VirtualMachineConfigurationPath" "$work/vmc.bak"
expect_fail not-registrable '"Guest1" is not registered in Virtual Server here and VirtualMachineConfigurationPath is not set: Online fails here with error 1168' \
  'cluster res "Guest1Script" /priv VirtualMachineConfigurationPath="X:\Guest1\Guest1.vmc"'
check "/check: no VirtualMachineConfigurationPath -> [warn] with the fix" all 'out_has "[warn] VirtualMachineConfigurationPath is not set"'
mv "$work/vmc.bak" "$r/priv/VirtualMachineConfigurationPath"; printf 'C:\\vms\\Guest1\\Guest1.vmc\r\n' > "$state/vs/Guest1"
touch "$state/vs-novs"
run check-novs /check
rm -f "$state/vs-novs"
check "/check: Virtual Server cannot be asked -> [warn], exit 0" all 'rc_is 0' 'out_has "[warn] could not ask Virtual Server whether \"Guest1\" is registered: NOVS"'
printf '200\r\n' > "$r/priv/OnlineTimeoutSeconds"
expect_fail online-timeout "OnlineTimeoutSeconds=200 is not inside the resource's PendingTimeout 180000 ms" 'cluster res "Guest1Script" /prop PendingTimeout=230000   (or lower OnlineTimeoutSeconds)'
rm -f "$r/priv/OnlineTimeoutSeconds"
printf '600000\r\n' > "$r/prop/PendingTimeout"; printf '320\r\n' > "$r/priv/TerminateTimeoutSeconds"
expect_fail terminate-deadlock "TerminateTimeoutSeconds=320 is not inside the deadlock timeout 300 s" 'cluster res "Guest1Script" /priv TerminateTimeoutSeconds=270'
printf '250\r\n' > "$r/priv/TerminateTimeoutSeconds"; printf '200000\r\n' > "$r/prop/DeadlockTimeout"
expect_fail resource-deadlock "TerminateTimeoutSeconds=250 is not inside the DeadlockTimeout 200000 ms" 'cluster res "Guest1Script" /priv TerminateTimeoutSeconds=170'
rm -f "$r/prop/PendingTimeout" "$r/prop/DeadlockTimeout" "$r/priv/TerminateTimeoutSeconds"
printf 'abc\r\n' > "$r/priv/OfflineTimeoutSeconds"
run check-bad-value /check
rm -f "$r/priv/OfflineTimeoutSeconds"
check "/check: a timeout that is not a number -> [warn] (Havm.Net uses the last good value, else the default), exit 0" all 'rc_is 0' \
  'out_has "[warn] OfflineTimeoutSeconds is \"abc\", not a whole number from 1 to 3600"' 'out_has "[ok]   OfflineTimeoutSeconds=150 is inside"'
# break9: behaviour.md 2: "150.0" is 150 everywhere: Havm.Net uses OnlineTimeoutSeconds "200.0" as 200 s, past the
# PendingTimeout of 180 s; /check must fail it, not warn that it is no number and check the default 150 instead
printf '200.0\r\n' > "$r/priv/OnlineTimeoutSeconds"
expect_fail online-timeout-decimal "OnlineTimeoutSeconds=200"
rm -f "$r/priv/OnlineTimeoutSeconds"
# the same kind: a leading zero (not octal) and &H hex are read as Havm.Net reads them; a fraction is a bad value
printf '0200\r\n' > "$r/priv/OnlineTimeoutSeconds"
expect_fail online-timeout-leading-zero 'OnlineTimeoutSeconds=200 (set as "0200") is not inside'
printf '&HC8\r\n' > "$r/priv/OnlineTimeoutSeconds"
expect_fail online-timeout-hex 'OnlineTimeoutSeconds=200 (set as "&HC8") is not inside'
printf '200.5\r\n' > "$r/priv/OnlineTimeoutSeconds"
run check-fraction /check
rm -f "$r/priv/OnlineTimeoutSeconds"
check "/check: a timeout with a fraction is a bad value -> [warn], the default checked, exit 0" all 'rc_is 0' \
  'out_has "[warn] OnlineTimeoutSeconds is \"200.5\", not a whole number from 1 to 3600"' 'out_has "[ok]   OnlineTimeoutSeconds=150 is inside"'
printf '0\r\n' > "$r/prop/SeparateMonitor"
expect_fail separate-monitor "SeparateMonitor is not 1" 'cluster res "Guest1Script" /prop SeparateMonitor=1   (while the resource is offline)'
printf '1\r\n' > "$r/prop/SeparateMonitor"
wine reg add "$cv" /v CurrentVersion /d 5.2 /f >/dev/null 2>&1; wine reg add "$csd" /v CSDVersion /t REG_DWORD /d 512 /f >/dev/null 2>&1
mkdir -p "$state/cluster"; printf '1\r\n' > "$state/cluster/EnableResourceDllDeadlockDetection"; printf '240\r\n' > "$state/cluster/ResourceDllDeadlockTimeout"
printf '250\r\n' > "$r/priv/TerminateTimeoutSeconds"; printf '600000\r\n' > "$r/prop/PendingTimeout"
expect_fail w2003-deadlock "TerminateTimeoutSeconds=250 is not inside the cluster's ResourceDllDeadlockTimeout 240 s" 'cluster res "Guest1Script" /priv TerminateTimeoutSeconds=210'
printf '0\r\n' > "$state/cluster/EnableResourceDllDeadlockDetection"
run check-w2003-nodetect /check
check "/check on Windows Server 2003 without deadlock detection (its default): only PendingTimeout limits" all 'rc_is 0' \
  'out_has "[ok]   TerminateTimeoutSeconds=250 is inside PendingTimeout 600000 ms; this node has no deadlock detection"'
rm -rf "$state/cluster" "$r/priv/TerminateTimeoutSeconds" "$r/prop/PendingTimeout"
wine reg add "$cv" /v CurrentVersion /d 10.0 /f >/dev/null 2>&1; wine reg add "$csd" /v CSDVersion /t REG_DWORD /d 0 /f >/dev/null 2>&1
wine reg delete 'HKLM\SOFTWARE\Classes\Havm.GenericScript' /f >/dev/null 2>&1
expect_fail com-unregistered "Havm.GenericScript is not registered for x64 on this node" "install.cmd"
run check-named-none /check /resource NoSuch
check "/check /resource NoSuch: [fail], exit 1" all 'rc_is 1' 'out_has "[fail] there is no resource \"NoSuch\" in this cluster"'
# every [fail] of /check is followed by its fix, and every failure counted has both (a static check: not every
# failure can be brought about here)
nofix="$(tr -d '\r' < "$root/install.cmd" | awk '/^echo \[fail\]/ { f = NR; t = $0; p = $0; next }
  f && NR == f + 1 { if ($0 !~ /^echo        fix: /) print f ": " t; f = 0 }
  /call :chk_failed/ && p !~ /^echo        fix: / { print NR ": counted without [fail] and fix: " $0 } { p = $0 }')"
check "/check: every [fail] line in install.cmd is followed by its fix line, every failure counted has both" all '[ -z "$nofix" ]'
[ -z "$nofix" ] || echo "$nofix" | sed 's/^/    | /'
run check-vm-none /check /vm NoGuest
check "/check /vm NoGuest: [fail] no resource runs it, exit 1" all 'rc_is 1' 'out_has "[fail] no Havm.Net resource runs the guest \"NoGuest\""'
rm -rf "$r"
run check-no-resource /check
check "/check with no Havm.Net resource in the cluster: [warn] with the command that creates one" all \
  'out_has "[warn] no Havm.Net resource in this cluster"' 'out_has "fix: install.cmd /vm GUEST /group GROUP /disk DISK"'
rm -rf "$WINEPREFIX/drive_c/vms"
run check-cleanup /uninstall
clean_node

# ---- real net10 install: CreateObject from cscript ------------------------------------------------------------------
probe="$work/probe.vbs"
printf 'On Error Resume Next\r\nSet o = CreateObject("Havm.GenericScript")\r\nIf Err.Number = 0 Then\r\n  WScript.Echo "CREATED"\r\nElse\r\n  WScript.Echo "ERR " & Err.Number\r\nEnd If\r\nWScript.Echo "DONE"\r\n' > "$probe"
cscript_probe() { timeout 60 wine cscript //nologo "$(win "$probe")" 2>/dev/null | tr -d '\r'; }
# The package needs both comhosts (x64 and x86). A first build that fails is built again once
# (a transient NuGet failure on a fresh machine); both logs are kept, and a failure shows the
# first build's errors, not the message of a later step.
package_net10() {
  bash "$root/eng/package.sh" --runtime net10 > "$work/package.log" 2>&1 && return 0
  mv "$work/package.log" "$work/package-first.log"
  echo "    (eng/package.sh --runtime net10 failed; building again. First attempt: $work/package-first.log)"
  grep -E ' error |error [A-Z]+[0-9]+|is missing' "$work/package-first.log" | head -n 5 | sed 's/^/    | /'
  bash "$root/eng/package.sh" --runtime net10 > "$work/package.log" 2>&1
}
if package_net10; then
  real="$package_dir"
  cp -r "$pkg/net40" "$real/"                       # to switch from net40 below
  realw="$(win "$real")"
  net10run() {  # net10run NAME SWITCHES...
    local name="$1"; shift
    rm -f "$state/calls.log"
    ( cd "$work" && env HAVM_FAKE_CLUSTER="$(win "$state")" HAVM_CLUSTER_EXE="$standins\\cluster.cmd" \
        HAVM_REGASM64="$standins\\regasm64.cmd" HAVM_REGASM32="$standins\\regasm32.cmd" WINEPATH="$standins" \
        timeout 90 wine cmd /c "$realw\\install.cmd" "$@" ) 2>&1 | tr -d '\r' > "$work/$name.out"
    rc=${PIPESTATUS[0]}; out="$work/$name.out"
  }
  net10run net40-first /noshutdownscript
  before="$(cscript_probe)"
  net10run net10 /runtime net10 /noshutdownscript
  after="$(cscript_probe)"
  check "real /runtime net10: switches from net40 (regasm /unregister), regsvr32 of the x64 comhost" all 'rc_is 0' \
    'calls_has "regasm64 /nologo /unregister"' '[ ! -e "$W/Cluster/Havm.Net/net40" ]' \
    '[ -f "$W/Cluster/Havm.Net/net10/x64/Havm.ComHost.comhost.dll" ]' 'out_has "regsvr32.exe\" /s \"C:\\windows\\Cluster\\Havm.Net\\net10\\x64\\Havm.ComHost.comhost.dll\""'
  check "real /runtime net10: CreateObject(\"Havm.GenericScript\") works from cscript" all '[[ "$after" == *CREATED* ]]'
  echo "    (cscript before: ${before//$'\n'/ }; after: ${after//$'\n'/ })"
  net10run net10-check /check
  check "real /check after the net10 install: the probe (the real cscript) creates Havm.GenericScript; VirtualServer.Application is absent here -> [warn]" all \
    'out_has "[ok]   Havm.GenericScript is registered for x64: C:\windows\Cluster\Havm.Net\net10\x64\Havm.ComHost.comhost.dll"' \
    'out_has "[ok]   Havm.GenericScript can be created (cscript, x64)"' 'out_lacks "[fail]"' 'rc_is 0' 'changes_none'
  net10run net10-again /runtime net10 /noshutdownscript
  check "real /runtime net10 twice: the second run changes nothing" all 'rc_is 0' 'out_lacks "[step]"'
  net10run net10-uninstall /uninstall
  gone="$(cscript_probe)"
  check "real /uninstall: regsvr32 /u, files gone, CreateObject fails (429) from cscript" all 'rc_is 0' \
    'out_has "/u /s \"C:\\windows\\Cluster\\Havm.Net\\net10\\x64\\Havm.ComHost.comhost.dll\""' '[ ! -e "$W/Cluster/Havm.Net" ]' \
    '[[ "$gone" == *"ERR 429"* ]]'
  net10run net10-check-gone /check
  check "real /check after /uninstall: [fail] the COM class is not registered, the wrapper is missing; exit 1" all 'rc_is 1' \
    'out_has "[fail] Havm.GenericScript is not registered for x64 on this node"' 'out_has "[fail] C:\windows\Cluster\havm-wrapper.vbs is missing"'
else
  out="$work/package.log"; rc=x
  fail "real /runtime net10: eng/package.sh --runtime net10 failed twice (is src/Havm.ComHost building?)"
  grep -E ' error |error [A-Z]+[0-9]+|is missing' "$out" | head -n 10 | sed 's/^/    | /'; tail -n 15 "$out" | sed 's/^/    | /'
fi
