@echo off
rem ===========================================================================
rem install.cmd: installs Havm.Net on this cluster node, and creates, updates or
rem migrates the Generic Script resource of a Virtual Server 2005 R2 guest.
rem Run "install.cmd /?" for the switches. Plain cmd.exe, Windows Server 2003 SP2
rem through 2025; run it from an elevated command prompt on every node.
rem
rem Package layout (beside this file), and where each part is installed:
rem   havm-wrapper.vbs      -> %windir%\Cluster\havm-wrapper.vbs  (the ScriptFilepath)
rem   net40\*.dll           -> %windir%\Cluster\Havm.Net\net40\      regasm /codebase
rem   net10\x64\*           -> %windir%\Cluster\Havm.Net\net10\x64\  regsvr32 (64-bit)
rem   net10\x86\*           -> %windir%\Cluster\Havm.Net\net10\x86\  regsvr32 (32-bit)
rem   (written)             -> %windir%\Cluster\Havm.Net\Stop_clussvc_script.cmd,
rem                            a machine shutdown script of the local Group Policy
rem Everything goes to the node's local disk, never to cluster storage.
rem
rem Exit codes: 0 done (or nothing to change), 87 bad switches, 5 not an
rem administrator, 1150 Windows too old, 2 a prerequisite or package file is
rem missing, 1 refused (the message says why); otherwise the exit code of the
rem first command that failed (printed with it).
rem
rem Test hooks (used only by eng/test-install.sh, never needed on Windows): when
rem set, these name the tool to run instead of the real one.
rem   HAVM_CLUSTER_EXE   cluster.exe          (default %windir%\System32\cluster.exe)
rem   HAVM_REGASM64      64-bit regasm.exe    (default Framework64\v4.0.30319)
rem   HAVM_REGASM32      32-bit regasm.exe    (default Framework\v4.0.30319)
rem   HAVM_REGSVR32_64   64-bit regsvr32.exe  (default System32 on x64 Windows)
rem   HAVM_REGSVR32_32   32-bit regsvr32.exe  (default SysWOW64 on x64, System32 on x86)
rem   HAVM_CSCRIPT       cscript.exe of /check (default %windir%\System32\cscript.exe)
rem "net", "fltmc", "gpupdate" and "sc" are found through PATH as usual. Commands are
rem started with "call" so that a .cmd stand-in returns here, except cluster.exe and
rem cscript.exe, which get names: they are run directly unless the hook names a .cmd.
rem ===========================================================================
setlocal EnableExtensions DisableDelayedExpansion

rem ---- names and paths: each is set here once and used by name below ------------
rem The package (the folder of this file): the wrapper, and for each runtime the files
rem of its folder and the one of them that registers the COM class (regasm /codebase;
rem regsvr32). eng/package.sh packages, and eng/test-install.sh fakes, these lists.
set "PKG=%~dp0"
set "PKG=%PKG:~0,-1%"
set "WRAPPER_NAME=havm-wrapper.vbs"
set "FILES_NET40=Havm.ComHost.dll Havm.Core.dll"
set "FILES_NET10=Havm.ComHost.dll Havm.ComHost.comhost.dll Havm.ComHost.runtimeconfig.json Havm.ComHost.deps.json Havm.Core.dll"
set "REGFILE_NET40=Havm.ComHost.dll"
set "REGFILE_NET10=Havm.ComHost.comhost.dll"
rem On the node's local disk: the wrapper in CLUSDIR; each runtime's files in HOME\net40,
rem HOME\net10\x64 and HOME\net10\x86; the shutdown script in HOME and the local Group
rem Policy that runs it. Written out instead: the ScriptFilepath the resources get, where
rem it is set (:set_scriptpath), and the wrapper's name where a ScriptFilepath is tested
rem for it (cmd.exe's text replacement cannot take its text from a variable).
set "CLUSDIR=%windir%\Cluster"
set "HOME=%CLUSDIR%\Havm.Net"
set "WRAPPER=%CLUSDIR%\%WRAPPER_NAME%"
set "SHUTCMD=%HOME%\Stop_clussvc_script.cmd"
set "GPDIR=%windir%\System32\GroupPolicy"
set "INI=%GPDIR%\Machine\Scripts\scripts.ini"
set "GPT=%GPDIR%\gpt.ini"
set "SCRIPTS_CSE=[{42B5FAAE-6536-11D2-AE5A-0000F87571E3}{40B6664F-4972-11D1-A7CA-0000F87571E3}]"
set "PROGID=Havm.GenericScript"
rem Havm.Net's private properties (../shared/spec/behaviour.md section 2) and their defaults
set "HAVM_PROPS=VirtualMachineName UseAdditionsIsAlive AdditionsIsAliveFailureRecoveryAction AdditionsIsAliveHeartbeatThreshold HeartbeatMissesBeforeFailure OnlineTimeoutSeconds OfflineTimeoutSeconds TerminateTimeoutSeconds OfflineAction DiscardUnrestorableSavedState VirtualMachineConfigurationPath VirtualNetworkConfigurationPaths LastOnlineNode StaleSavedStateNode"

rem ---- switches --------------------------------------------------------------
set "O_RUNTIME=net40"
set "O_RUNTIME_GIVEN="
set "O_NOSHUT="
set "O_VM="
set "O_GROUP="
set "O_DISK="
set "O_RES="
set "O_RESTARTS="
set "O_PERIOD="
set "O_NOFAILOVER="
set "O_MIGRATE="
set "O_UNINSTALL="
set "O_VMC="
set "O_VNC="
set "O_CHECK="
set "WHATIF="

:parse
if "%~1"=="" goto :parsed
if "%~1"=="/?" goto :usage
if /i "%~1"=="/help" goto :usage
if /i "%~1"=="/whatif" (set "WHATIF=1" & shift & goto :parse)
if /i "%~1"=="/noshutdownscript" (set "O_NOSHUT=1" & shift & goto :parse)
if /i "%~1"=="/nofailover" (set "O_NOFAILOVER=1" & shift & goto :parse)
if /i "%~1"=="/uninstall" (set "O_UNINSTALL=1" & shift & goto :parse)
if /i "%~1"=="/check" (set "O_CHECK=1" & shift & goto :parse)
set "WANT="
if /i "%~1"=="/runtime" set "WANT=O_RUNTIME"
if /i "%~1"=="/vm" set "WANT=O_VM"
if /i "%~1"=="/group" set "WANT=O_GROUP"
if /i "%~1"=="/disk" set "WANT=O_DISK"
if /i "%~1"=="/resource" set "WANT=O_RES"
if /i "%~1"=="/restarts" set "WANT=O_RESTARTS"
if /i "%~1"=="/period" set "WANT=O_PERIOD"
if /i "%~1"=="/migrate" set "WANT=O_MIGRATE"
if /i "%~1"=="/vmc" set "WANT=O_VMC"
if /i "%~1"=="/vnc" set "WANT=O_VNC"
if not defined WANT goto :bad_switch
set "V=%~2"
if not defined V goto :missing_value
if "%V:~0,1%"=="/" goto :missing_value
set "%WANT%=%V%"
if "%WANT%"=="O_RUNTIME" set "O_RUNTIME_GIVEN=1"
shift
shift
if "%WANT%"=="O_VNC" goto :parse_vnc_more
goto :parse
rem cmd.exe splits an unquoted "A.vnc;B.vnc" into two parameters: join them again.
:parse_vnc_more
set "V=%~1"
if not defined V goto :parse
if "%V:~0,1%"=="/" goto :parse
set "O_VNC=%O_VNC%;%V%"
shift
goto :parse_vnc_more

:bad_switch
echo install.cmd: unknown switch "%~1". Run "install.cmd /?" for the switches.
exit /b 87
:missing_value
echo install.cmd: %~1 needs a value, for example: %~1 Guest1. Run "install.cmd /?" for the switches.
exit /b 87
:usage_error
echo install.cmd: %ERRMSG% Run "install.cmd /?" for the switches.
exit /b 87

:parsed
if /i "%O_RUNTIME%"=="net40" (set "O_RUNTIME=net40") else if /i "%O_RUNTIME%"=="net10" (set "O_RUNTIME=net10") else (
  set "ERRMSG=/runtime takes net40 or net10, not "%O_RUNTIME%"."
  goto :usage_error
)
set "ERRMSG="
if defined O_CHECK goto :parsed_check
if defined O_UNINSTALL (
  if defined O_VM set "ERRMSG=/uninstall cannot be combined with /vm."
  if defined O_MIGRATE set "ERRMSG=/uninstall cannot be combined with /migrate."
  if defined O_RUNTIME_GIVEN set "ERRMSG=/uninstall removes every runtime; it takes no /runtime."
  if defined O_NOSHUT set "ERRMSG=/uninstall cannot be combined with /noshutdownscript."
)
if defined ERRMSG goto :usage_error
if defined O_VM if defined O_MIGRATE set "ERRMSG=use /vm to create a resource or /migrate to convert one, not both."
if defined ERRMSG goto :usage_error
if defined O_VM (
  if not defined O_GROUP set "ERRMSG=/vm needs /group GROUP (the guest's resource group)."
  if not defined O_DISK set "ERRMSG=/vm needs /disk DISKRESOURCE (the disk that holds the guest's files)."
)
if defined ERRMSG goto :usage_error
if not defined O_VM (
  if defined O_VMC set "ERRMSG=/vmc is used only with /vm (the guest's configuration file)."
  if defined O_VNC set "ERRMSG=/vnc is used only with /vm (the guest's virtual network files)."
  if defined O_GROUP set "ERRMSG=/group is used only with /vm."
  if defined O_DISK set "ERRMSG=/disk is used only with /vm."
  if defined O_RES set "ERRMSG=/resource is used only with /vm; /migrate takes the resource name itself."
)
if defined ERRMSG goto :usage_error
if not defined O_VM if not defined O_MIGRATE (
  if defined O_RESTARTS set "ERRMSG=/restarts is used only with /vm or /migrate."
  if defined O_PERIOD set "ERRMSG=/period is used only with /vm or /migrate."
  if defined O_NOFAILOVER set "ERRMSG=/nofailover is used only with /vm or /migrate."
)
if defined ERRMSG goto :usage_error
if defined O_NOFAILOVER (
  if defined O_RESTARTS set "ERRMSG=/nofailover always restarts on the same node: leave out /restarts."
  if defined O_PERIOD set "ERRMSG=/nofailover always restarts on the same node: leave out /period."
)
if defined ERRMSG goto :usage_error
set "ERRMSG=/restarts takes a whole number from 0 to 1000, not "%O_RESTARTS%"."
if defined O_RESTARTS call :is_number "%O_RESTARTS%" 0 1000
if errorlevel 1 goto :usage_error
if defined O_RESTARTS set "O_RESTARTS=%NUMVAL%"
set "ERRMSG=/period takes a number of seconds from 1 to 2000000, not "%O_PERIOD%"."
if defined O_PERIOD call :is_number "%O_PERIOD%" 1 2000000
if errorlevel 1 goto :usage_error
if defined O_PERIOD set "O_PERIOD=%NUMVAL%"
set "ERRMSG="
if defined O_PERIOD if not defined O_RESTARTS set "ERRMSG=/period goes with /restarts N: the restarts allowed within that period."
if defined ERRMSG goto :usage_error
if defined O_VM if not defined O_RES set "O_RES=%O_VM%Script"
if defined O_MIGRATE set "O_RES=%O_MIGRATE%"
goto :parsed_ok

rem /check [/vm NAME | /resource NAME]: reads only; takes no other switch.
:parsed_check
for %%o in (O_UNINSTALL O_MIGRATE O_GROUP O_DISK O_RESTARTS O_PERIOD O_NOFAILOVER O_NOSHUT O_RUNTIME_GIVEN O_VMC O_VNC WHATIF) do if defined %%o set "ERRMSG=/check takes only /vm NAME or /resource NAME."
if defined O_VM if defined O_RES set "ERRMSG=/check takes /vm NAME or /resource NAME, not both."
if defined ERRMSG goto :usage_error

:parsed_ok

rem ---- this process, this node -----------------------------------------------
rem A 32-bit cmd.exe on 64-bit Windows sees the 32-bit System32 and registry:
rem start the 64-bit one instead.
if defined PROCESSOR_ARCHITEW6432 goto :wow64
set "X64="
if /i "%PROCESSOR_ARCHITECTURE%"=="AMD64" set "X64=1"
if not defined X64 if /i not "%PROCESSOR_ARCHITECTURE%"=="x86" (
  echo install.cmd: this node is %PROCESSOR_ARCHITECTURE%; Havm.Net supports x64 and x86 Windows only.
  exit /b 1
)
set "ARCHNAME=x86"
if defined X64 set "ARCHNAME=x64"

rem The tools, each replaced by its test hook when that is set (see above). A .cmd
rem stand-in is started with "call" (CL_CALL, CS_CALL) so that it returns here; the real
rem cluster.exe and cscript.exe are run directly, so that a name is expanded only once.
set "CLUSTER=%windir%\System32\cluster.exe"
set "CSCRIPT=%windir%\System32\cscript.exe"
set "REGASM64=%windir%\Microsoft.NET\Framework64\v4.0.30319\regasm.exe"
set "REGASM32=%windir%\Microsoft.NET\Framework\v4.0.30319\regasm.exe"
set "RS64=%windir%\System32\regsvr32.exe"
set "RS32=%windir%\System32\regsvr32.exe"
if defined X64 set "RS32=%windir%\SysWOW64\regsvr32.exe"
if defined HAVM_CLUSTER_EXE set "CLUSTER=%HAVM_CLUSTER_EXE%"
if defined HAVM_CSCRIPT set "CSCRIPT=%HAVM_CSCRIPT%"
if defined HAVM_REGASM64 set "REGASM64=%HAVM_REGASM64%"
if defined HAVM_REGASM32 set "REGASM32=%HAVM_REGASM32%"
if defined HAVM_REGSVR32_64 set "RS64=%HAVM_REGSVR32_64%"
if defined HAVM_REGSVR32_32 set "RS32=%HAVM_REGSVR32_32%"
set "CL_CALL="
if /i "%CLUSTER:~-4%"==".cmd" set "CL_CALL=call"
set "CS_CALL="
if /i "%CSCRIPT:~-4%"==".cmd" set "CS_CALL=call"
rem BITS40: the bitnesses net40 is registered for (every one of the node's); net10's
rem are decided by :check_net10.
set "BITS40=32"
if defined X64 set "BITS40=64 32"

set "TMPD=%TEMP%\havm-install-%RANDOM%%RANDOM%"
md "%TMPD%" >nul 2>&1
set "TMPF=%TMPD%\out.txt"
call :main
set "RC=%errorlevel%"
if not defined KEEP_TMPD rd /s /q "%TMPD%" >nul 2>&1
if not "%RC%"=="0" if not defined O_CHECK echo install.cmd stopped with exit code %RC%.
exit /b %RC%

:wow64
if not exist "%windir%\Sysnative\cmd.exe" goto :wow64_refused
echo This is a 32-bit command prompt on 64-bit Windows: running install.cmd again in the 64-bit one.
"%windir%\Sysnative\cmd.exe" /c ""%~f0" %*"
exit /b %errorlevel%
:wow64_refused
echo install.cmd: this is a 32-bit command prompt on 64-bit Windows. Run install.cmd from the
echo 64-bit command prompt, %windir%\System32\cmd.exe, so that it registers Havm.Net for the
echo 64-bit cluster service.
exit /b 1

rem ===========================================================================
:main
echo Havm.Net install.cmd on %COMPUTERNAME% (%ARCHNAME%), package %PKG%
if defined WHATIF echo /whatif: the commands that change something are printed, not run.
if defined O_CHECK goto :check
call :check_admin
if errorlevel 1 exit /b %errorlevel%
call :check_windows
if errorlevel 1 exit /b %errorlevel%
if defined O_UNINSTALL goto :uninstall

if defined O_RES call :check_cluster_for_resource
if errorlevel 1 exit /b %errorlevel%
call :check_package
if errorlevel 1 exit /b %errorlevel%
call :check_%O_RUNTIME%
if errorlevel 1 exit /b %errorlevel%
if defined O_VM call :plan_resource
if errorlevel 1 exit /b %errorlevel%
if defined O_MIGRATE call :plan_migrate
if errorlevel 1 exit /b %errorlevel%

call :install_files
if errorlevel 1 exit /b %errorlevel%
call :register_all
if errorlevel 1 exit /b %errorlevel%
if defined O_NOSHUT echo [skip] shutdown script: /noshutdownscript given.
if not defined O_NOSHUT call :shutdown_script_install
if errorlevel 1 exit /b %errorlevel%
if defined O_RES call :apply_resource
if errorlevel 1 exit /b %errorlevel%
echo.
if defined WHATIF (echo Done: nothing was changed ^(/whatif^).) else (echo Done: Havm.Net is installed on %COMPUTERNAME%.)
if defined O_VM call :next_steps
if defined O_MIGRATE call :next_steps
if not defined O_VM if not defined O_MIGRATE echo Run install.cmd on every other node that may own a guest.
exit /b 0

:next_steps
echo Install Havm.Net on every possible owner of "%O_RES%" (install.cmd with no switch), then bring
echo the guest online from this node:
if defined RES_GROUP echo   cluster group "%RES_GROUP%" /online
if not defined RES_GROUP echo   cluster res "%O_RES%" /online
exit /b 0

rem ---- checks ----------------------------------------------------------------
:check_admin
if defined WHATIF (echo [check] administrator rights: not needed for /whatif) & exit /b 0
rem "net session" needs the Server service; fltmc (2003 SP1 and later) does not.
call net session >nul 2>&1
if not errorlevel 1 goto :admin_yes
call fltmc >nul 2>&1
if not errorlevel 1 goto :admin_yes
echo install.cmd: administrator rights are needed. Open the command prompt with "Run as
echo administrator" (or log on as a member of the node's Administrators group) and run it again.
exit /b 5
:admin_yes
echo [check] administrator rights: yes
exit /b 0

:check_windows
call :regget "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion" CurrentVersion
set "WINVER=%REGVAL%"
call :regget "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion" ProductName
set "WINNAME=%REGVAL%"
call :regget "HKLM\SYSTEM\CurrentControlSet\Control\Windows" CSDVersion
set "SPWORD=%REGVAL%"
if not defined SPWORD set "SPWORD=0"
set /a "SP=%SPWORD% / 256" 2>nul
if not defined WINVER goto :windows_unknown
set "OLD="
if "%WINVER:~0,2%"=="4." set "OLD=1"
if "%WINVER%"=="5.0" set "OLD=1"
if "%WINVER%"=="5.1" set "OLD=1"
if "%WINVER%"=="5.2" if %SP% LSS 2 set "OLD=1"
if defined OLD goto :windows_old
echo [check] Windows %WINVER% service pack %SP% (%WINNAME%): supported
exit /b 0
:windows_old
echo install.cmd: this is Windows %WINVER% service pack %SP% (%WINNAME%). Havm.Net needs Windows
echo Server 2003 with Service Pack 2 or later (.NET Framework 4 needs it): install SP2 first.
exit /b 1150
:windows_unknown
echo install.cmd: cannot read the Windows version from the registry (reg.exe failed).
exit /b 1150

:check_cluster_for_resource
if exist "%CLUSTER%" goto :cluster_found
echo install.cmd: cluster.exe was not found at %CLUSTER%. It comes with the Cluster service
echo on Windows Server 2003 and 2008; on 2012 and later add it with
echo   Install-WindowsFeature RSAT-Clustering-CmdInterface
echo or create the resource with the PowerShell commands in the README.
exit /b 2
:cluster_found
call :cq node
if errorlevel 1 goto :cluster_down
echo [check] cluster.exe answers: %CLUSTER%
exit /b 0
:cluster_down
type "%TMPF%"
echo install.cmd: "cluster node" failed: is the Cluster service running on this node?
exit /b 1

:check_package
if exist "%PKG%\%WRAPPER_NAME%" goto :package_wrapper_ok
echo install.cmd: the package is incomplete: %PKG%\%WRAPPER_NAME% is missing.
exit /b 2
:package_wrapper_ok
set "MISSING="
if "%O_RUNTIME%"=="net40" for %%f in (%FILES_NET40%) do if not exist "%PKG%\net40\%%f" set "MISSING=%PKG%\net40\%%f"
if "%O_RUNTIME%"=="net10" for %%f in (%FILES_NET10%) do if not exist "%PKG%\net10\%ARCHNAME%\%%f" set "MISSING=%PKG%\net10\%ARCHNAME%\%%f"
if not defined MISSING exit /b 0
echo install.cmd: the package is incomplete: %MISSING% is missing.
exit /b 2

rem BITS: the bitnesses to register ("64 32" on x64 Windows, "32" on x86).
:check_net40
set "BITS=%BITS40%"
if defined X64 if not exist "%REGASM64%" goto :net40_missing
if not exist "%REGASM32%" goto :net40_missing
echo [check] .NET Framework 4: %REGASM32%
if defined X64 echo [check] .NET Framework 4 64-bit: %REGASM64%
exit /b 0
:net40_missing
echo install.cmd: .NET Framework 4 is not installed on this node (no regasm.exe in
echo %windir%\Microsoft.NET\Framework*\v4.0.30319). Install .NET Framework 4.0 or later
echo (4.8 where the Windows version allows; Windows Server 2012 and later have it built in),
echo or use "/runtime net10" with the .NET 10 runtime.
exit /b 2

:check_net10
set "PF86=%ProgramFiles(x86)%"
set "BITS=32"
if defined X64 set "BITS=64"
if defined X64 (
  call :dotnet10 "HKLM\SOFTWARE\dotnet\Setup\InstalledVersions\x64" "%ProgramFiles%\dotnet"
) else (
  call :dotnet10 "HKLM\SOFTWARE\dotnet\Setup\InstalledVersions\x86" "%ProgramFiles%\dotnet"
)
if errorlevel 1 goto :net10_missing
echo [check] .NET 10 runtime %ARCHNAME%: %DOTNET_DIR%
if not defined X64 exit /b 0
rem The cluster service is 64-bit; 32-bit registration only serves 32-bit clients
rem (such as a 32-bit cscript), so it is done when the x86 runtime and files are there.
call :dotnet10 "HKLM\SOFTWARE\WOW6432Node\dotnet\Setup\InstalledVersions\x86" "%PF86%\dotnet"
if errorlevel 1 (echo [note] no x86 .NET 10 runtime: 32-bit registration skipped, the cluster uses the 64-bit one.) & exit /b 0
if not exist "%PKG%\net10\x86\%REGFILE_NET10%" (echo [note] the package has no net10\x86: 32-bit registration skipped.) & exit /b 0
echo [check] .NET 10 runtime x86: %DOTNET_DIR%
set "BITS=64 32"
exit /b 0
:net10_missing
echo install.cmd: the .NET 10 runtime (%ARCHNAME%) is not installed on this node: no
echo Microsoft.NETCore.App 10.* under %DOTNET_DIR%\shared. Install the .NET 10 runtime
echo (%ARCHNAME%), or leave out "/runtime net10" to use .NET Framework 4.
exit /b 2

rem :dotnet10 INSTALLKEY DEFAULTDIR -> DOTNET_DIR; errorlevel 1 when no 10.* runtime is there
:dotnet10
call :regget "%~1" InstallLocation
set "DOTNET_DIR=%REGVAL%"
if not defined DOTNET_DIR set "DOTNET_DIR=%~2"
if "%DOTNET_DIR:~-1%"=="\" set "DOTNET_DIR=%DOTNET_DIR:~0,-1%"
dir /b /ad "%DOTNET_DIR%\shared\Microsoft.NETCore.App\10.*" >nul 2>&1
if errorlevel 1 exit /b 1
exit /b 0

rem ---- files -----------------------------------------------------------------
:install_files
rem An update or a switch of runtime never leaves the node between two versions: each file
rem this run replaces is kept first (in TMPD), and a failure puts back every file this run
rem replaced or added and removes a folder it created (:rollback_files). Switching runtime,
rem the new files are copied while the other runtime stays registered; only then is the
rem other one unregistered (both claim the same class), and its folder is removed once the
rem new one is registered (:register_all). A failure before that registers it again.
set "OTHER=net10"
if "%O_RUNTIME%"=="net10" set "OTHER=net40"
set "SWITCH="
if exist "%HOME%\%OTHER%" set "SWITCH=1"
if defined SWITCH echo [step] switch from the %OTHER% runtime to %O_RUNTIME%: the new files first, then %OTHER% is unregistered
set "CHANGED="
set "NEWDIR="
set "NCOPY=0"
set "BAKDIR=%TMPD%\previous"
if not exist "%HOME%\%O_RUNTIME%" set "NEWDIR=%HOME%\%O_RUNTIME%"
if not exist "%HOME%" set "NEWDIR=%HOME%"
set "FAILED="
call :copy_file "%PKG%\%WRAPPER_NAME%" "%CLUSDIR%" %WRAPPER_NAME%
if "%O_RUNTIME%"=="net40" for %%f in (%FILES_NET40%) do call :copy_file "%PKG%\net40\%%f" "%HOME%\net40" %%f
if "%O_RUNTIME%"=="net10" for %%b in (%BITS%) do call :copy_net10 %%b
if defined FAILED exit /b %FAILED%
if not defined SWITCH exit /b 0
call :unregister_%OTHER%
if not errorlevel 1 exit /b 0
set "RCU=%errorlevel%"
echo [undo] unregistering the %OTHER% runtime failed: putting back what this run changed
call :rollback_files
call :register_previous %OTHER%
exit /b %RCU%

:copy_net10
set "A=x64"
if "%1"=="32" set "A=x86"
for %%f in (%FILES_NET10%) do call :copy_file "%PKG%\net10\%A%\%%f" "%HOME%\net10\%A%" %%f
exit /b 0

rem :copy_file SOURCE DESTDIR NAME: copies when size or time differ (copy keeps the time).
rem Each copy is listed for :rollback_files: COPY_n the file, BAK_n the kept previous file
rem (empty when the file is new).
:copy_file
if defined FAILED exit /b 1
set "SRC=%~1"
set "DST=%~2\%~3"
set "PREV="
if not exist "%DST%" goto :copy_needed
for %%s in ("%SRC%") do set "S1=%%~zs %%~ts"
for %%d in ("%DST%") do set "S2=%%~zd %%~td"
if "%S1%"=="%S2%" (echo [skip] %DST% is up to date) & exit /b 0
set "PREV=1"
:copy_needed
set "CHANGED=1"
echo [step] copy %~3 to %~2
if defined WHATIF goto :copy_dir
set /a "NCOPY+=1"
set "COPY_%NCOPY%=%DST%"
set "BAK_%NCOPY%="
if not defined PREV goto :copy_dir
if not exist "%BAKDIR%" md "%BAKDIR%"
copy /y "%DST%" "%BAKDIR%\%NCOPY%" >nul
if errorlevel 1 (echo install.cmd: could not keep a copy of %DST% to put back on failure.) & goto :copy_failed
set "BAK_%NCOPY%=%BAKDIR%\%NCOPY%"
:copy_dir
if exist "%~2" goto :copy_now
if /i "%~2"=="%MADE%" goto :copy_now
call :run md "%~2"
if errorlevel 1 goto :copy_failed
set "MADE=%~2"
:copy_now
call :run copy /y "%SRC%" "%DST%"
if errorlevel 1 goto :copy_failed
exit /b 0
:copy_failed
set "FAILED=%errorlevel%"
if "%FAILED%"=="0" set "FAILED=1"
echo install.cmd: could not copy %~3. If a Havm.Net resource is online on this node, move its
echo group to another node (the COM class is loaded) and run install.cmd again.
call :rollback_files
exit /b %FAILED%

rem ---- registration ----------------------------------------------------------
:register_all
set "DID_REG="
set "FAILED="
for %%b in (%BITS%) do if not defined FAILED call :register_one %%b
if defined FAILED goto :register_failed
if not defined SWITCH exit /b 0
echo [step] remove %HOME%\%OTHER%
call :run rd /s /q "%HOME%\%OTHER%"
exit /b %errorlevel%
:register_failed
set "RCR=%FAILED%"
set "FAILED="
echo [undo] registration failed: undoing what this run registered and copied
for %%b in (%DID_REG%) do call :unregister_one %%b %O_RUNTIME%
call :rollback_files
if defined SWITCH call :register_previous %OTHER%
if not defined SWITCH if not defined NEWDIR call :register_previous %O_RUNTIME%
exit /b %RCR%

:register_one
call :registered_path %1
if "%O_RUNTIME%"=="net40" goto :register_one_net40
set "A=x64"
set "TOOL=%RS64%"
if "%1"=="32" set "A=x86"
if "%1"=="32" set "TOOL=%RS32%"
set "TARGET=%HOME%\net10\%A%\%REGFILE_NET10%"
if not defined CHANGED if /i "%REGPATH%"=="%TARGET%" (echo [skip] %PROGID% %1-bit is registered to %TARGET%) & exit /b 0
echo [step] register %PROGID% for %1-bit: regsvr32 %TARGET%
call :run "%TOOL%" /s "%TARGET%"
if errorlevel 1 (set "FAILED=%errorlevel%") & exit /b 1
set "DID_REG=%DID_REG% %1"
exit /b 0
:register_one_net40
set "TOOL=%REGASM64%"
if "%1"=="32" set "TOOL=%REGASM32%"
set "TARGET=%HOME%\net40\%REGFILE_NET40%"
set "CB=file:///%TARGET:\=/%"
if not defined CHANGED if /i "%REGPATH%"=="%CB%" (echo [skip] %PROGID% %1-bit is registered to %TARGET%) & exit /b 0
echo [step] register %PROGID% for %1-bit: regasm /codebase %TARGET%
call :run "%TOOL%" /nologo /codebase "%TARGET%"
if errorlevel 1 (set "FAILED=%errorlevel%") & exit /b 1
set "DID_REG=%DID_REG% %1"
exit /b 0

rem :registered_path BITS -> REGPATH: the comhost path (net10) or CodeBase (net40) now
rem registered for the ProgID in that registry view, empty when none.
:registered_path
set "REGPATH="
set "CLSID="
set "VIEW=HKLM\SOFTWARE\Classes"
if "%1"=="32" if defined X64 set "VIEW=HKLM\SOFTWARE\Wow6432Node\Classes"
call :regget "HKLM\SOFTWARE\Classes\%PROGID%\CLSID" ""
set "CLSID=%REGVAL%"
if not defined CLSID exit /b 0
if "%O_RUNTIME%"=="net40" (call :regget "%VIEW%\CLSID\%CLSID%\InprocServer32" CodeBase) else (call :regget "%VIEW%\CLSID\%CLSID%\InprocServer32" "")
set "REGPATH=%REGVAL%"
exit /b 0

rem :unregister_one BITS RUNTIME (errors are reported, not fatal: the files go anyway)
:unregister_one
if "%2"=="net40" goto :unregister_one_net40
set "A=x64"
set "TOOL=%RS64%"
if "%1"=="32" set "A=x86"
if "%1"=="32" set "TOOL=%RS32%"
set "TARGET=%HOME%\net10\%A%\%REGFILE_NET10%"
if not exist "%TARGET%" exit /b 0
echo [step] unregister %PROGID% %1-bit: regsvr32 /u %TARGET%
call :run "%TOOL%" /u /s "%TARGET%"
if errorlevel 1 set "FAILED=%errorlevel%"
exit /b 0
:unregister_one_net40
set "TOOL=%REGASM64%"
if "%1"=="32" set "TOOL=%REGASM32%"
set "TARGET=%HOME%\net40\%REGFILE_NET40%"
if not exist "%TARGET%" exit /b 0
echo [step] unregister %PROGID% %1-bit: regasm /unregister %TARGET%
call :run "%TOOL%" /nologo /unregister "%TARGET%"
if errorlevel 1 set "FAILED=%errorlevel%"
exit /b 0

:rollback_files
if not "%NCOPY%"=="0" echo [undo] put back the files this run replaced, delete the ones it added
call :rollback_one
if not defined NEWDIR exit /b 0
if not exist "%NEWDIR%" exit /b 0
echo [undo] remove %NEWDIR%, created by this run
call :run rd /s /q "%NEWDIR%"
exit /b 0
rem :rollback_one: the copies from the last one back (NCOPY counts down to 0)
:rollback_one
if "%NCOPY%"=="0" exit /b 0
call set "RDST=%%COPY_%NCOPY%%%"
call set "RBAK=%%BAK_%NCOPY%%%"
set /a "NCOPY-=1"
if defined RBAK goto :rollback_restore
if exist "%RDST%" call :run del /f /q "%RDST%"
goto :rollback_one
:rollback_restore
rem a copy that failed may have left the file as it was (same size and time): nothing to put back
for %%s in ("%RBAK%") do set "S1=%%~zs %%~ts"
set "S2="
if exist "%RDST%" for %%d in ("%RDST%") do set "S2=%%~zd %%~td"
if "%S1%"=="%S2%" goto :rollback_one
call :run copy /y "%RBAK%" "%RDST%"
if errorlevel 1 (set "KEEP_TMPD=1") & echo install.cmd: could not put back %RDST%: the previous file is kept as %RBAK%; copy it back by hand.
goto :rollback_one

rem :register_previous RUNTIME: registers RUNTIME again from its files as they are now (kept
rem or put back), for each bitness that has them: undoes an unregistration or a failed
rem registration of this run.
:register_previous
set "RT_NOW=%O_RUNTIME%"
set "O_RUNTIME=%1"
set "CHANGED=1"
set "FAILED="
for %%b in (64 32) do call :register_previous_one %%b
set "O_RUNTIME=%RT_NOW%"
if defined FAILED echo install.cmd: could not register the %1 runtime again: correct the error above, then run install.cmd /runtime %1.
set "FAILED="
exit /b 0
:register_previous_one
if "%1"=="64" if not defined X64 exit /b 0
set "A=x64"
if "%1"=="32" set "A=x86"
if "%O_RUNTIME%"=="net40" if not exist "%HOME%\net40\%REGFILE_NET40%" exit /b 0
if "%O_RUNTIME%"=="net10" if not exist "%HOME%\net10\%A%\%REGFILE_NET10%" exit /b 0
echo [undo] register the previous %O_RUNTIME% files again, %1-bit
call :register_one %1
exit /b 0

:unregister_net40
set "FAILED="
for %%b in (%BITS40%) do if not defined FAILED call :unregister_one %%b net40
if defined FAILED exit /b %FAILED%
exit /b 0
:remove_net40
call :unregister_net40
if errorlevel 1 exit /b %errorlevel%
echo [step] remove %HOME%\net40
call :run rd /s /q "%HOME%\net40"
exit /b %errorlevel%

:unregister_net10
set "FAILED="
for %%b in (64 32) do if not defined FAILED call :unregister_one %%b net10
if defined FAILED exit /b %FAILED%
exit /b 0
:remove_net10
call :unregister_net10
if errorlevel 1 exit /b %errorlevel%
echo [step] remove %HOME%\net10
call :run rd /s /q "%HOME%\net10"
exit /b %errorlevel%

rem ---- shutdown script (the guide's "To configure shutdown on the cluster nodes") ----
rem A script that stops the Cluster service, added as a shutdown script of the
rem local Group Policy (what gpedit.msc writes: scripts.ini, gpt.ini), then applied
rem with gpupdate, which writes the registry entries Windows runs it from. Stopping
rem the Cluster service moves the node's groups away, so their guests are saved.
:shutdown_script_install
set "SHUT_FOUND="
set "SHUT_COUNT=0"
if exist "%INI%" call :ini_scan
if defined SHUT_FOUND if /i not "%SHUT_FOUND%"=="%SHUTCMD%" (echo [skip] shutdown script already configured: %SHUT_FOUND%) & exit /b 0
if exist "%SHUTCMD%" echo [skip] %SHUTCMD% exists
if not exist "%SHUTCMD%" call :write_shutcmd
if errorlevel 1 exit /b %errorlevel%
if defined SHUT_FOUND (echo [skip] shutdown script already configured: %SHUT_FOUND%) & exit /b 0
echo [step] add %SHUTCMD% as machine shutdown script %SHUT_COUNT% in %INI%
if not exist "%GPDIR%\Machine\Scripts\Shutdown" call :run md "%GPDIR%\Machine\Scripts\Shutdown"
if errorlevel 1 exit /b %errorlevel%
if defined WHATIF echo whatif^> write [Shutdown] %SHUT_COUNT%CmdLine=%SHUTCMD% into "%INI%"
if not defined WHATIF call :ini_add
if errorlevel 1 exit /b %errorlevel%
call :gpt_update
if errorlevel 1 exit /b %errorlevel%
call :gp_apply
exit /b 0

:write_shutcmd
echo [step] write %SHUTCMD%: net stop clussvc
if not exist "%HOME%" call :run md "%HOME%"
if errorlevel 1 exit /b %errorlevel%
if defined WHATIF (echo whatif^> echo net stop clussvc ^> "%SHUTCMD%") & exit /b 0
> "%SHUTCMD%" echo @rem Havm.Net: stops the Cluster service at shutdown so that this node's groups move
>> "%SHUTCMD%" echo @rem to another node and their guests are saved there (written by install.cmd).
>> "%SHUTCMD%" echo net stop clussvc
if not exist "%SHUTCMD%" (echo install.cmd: could not write %SHUTCMD%) & exit /b 1
exit /b 0

rem :ini_scan -> SHUT_FOUND (CmdLine of a [Shutdown] entry that stops clussvc), SHUT_COUNT,
rem OUR_INDEX (index of our entry, empty when none)
:ini_scan
set "SEC="
set "OUR_INDEX="
for /f "tokens=1* delims==" %%a in ('type "%INI%"') do call :ini_scan_line "%%a" "%%b"
exit /b 0
:ini_scan_line
set "K=%~1"
set "VAL=%~2"
if "%K:~0,1%"=="[" (set "SEC=%K%") & exit /b 0
if /i not "%SEC%"=="[Shutdown]" exit /b 0
if /i "%K:CmdLine=%"=="%K%" exit /b 0
set /a "SHUT_COUNT+=1"
if /i not "%VAL:clussvc=%"=="%VAL%" set "SHUT_FOUND=%VAL%"
if /i "%VAL%"=="%SHUTCMD%" set "OUR_INDEX=%K:CmdLine=%"
exit /b 0

:ini_add
set "NEWINI=%TMPD%\scripts.ini"
set "SEC="
set "ADDED="
type nul > "%NEWINI%"
if exist "%INI%" for /f "tokens=1* delims==" %%a in ('type "%INI%"') do call :ini_add_line "%%a" "%%b"
if /i "%SEC%"=="[Shutdown]" call :ini_emit_ours
if not defined ADDED (
  >> "%NEWINI%" echo [Shutdown]
  call :ini_emit_ours
)
call :replace_hidden "%NEWINI%" "%INI%"
exit /b %errorlevel%
:ini_add_line
set "K=%~1"
if "%K:~0,1%"=="[" (
  if /i "%SEC%"=="[Shutdown]" call :ini_emit_ours
  set "SEC=%K%"
  >> "%NEWINI%" echo %K%
  exit /b 0
)
>> "%NEWINI%" echo %K%=%~2
exit /b 0
:ini_emit_ours
>> "%NEWINI%" echo %SHUT_COUNT%CmdLine=%SHUTCMD%
>> "%NEWINI%" echo %SHUT_COUNT%Parameters=
set "ADDED=1"
exit /b 0

rem :ini_remove: drops our [Shutdown] entry and renumbers the ones after it.
:ini_remove
set "NEWINI=%TMPD%\scripts.ini"
set "SEC="
type nul > "%NEWINI%"
for /f "tokens=1* delims==" %%a in ('type "%INI%"') do call :ini_remove_line "%%a" "%%b"
call :replace_hidden "%NEWINI%" "%INI%"
exit /b %errorlevel%
:ini_remove_line
set "K=%~1"
if "%K:~0,1%"=="[" (
  set "SEC=%K%"
  >> "%NEWINI%" echo %K%
  exit /b 0
)
if /i not "%SEC%"=="[Shutdown]" (>> "%NEWINI%" echo %K%=%~2) & exit /b 0
set "NUM=%K:CmdLine=%"
set "NAME=CmdLine"
if /i not "%NUM%"=="%K%" goto :ini_remove_entry
set "NUM=%K:Parameters=%"
set "NAME=Parameters"
if /i "%NUM%"=="%K%" (>> "%NEWINI%" echo %K%=%~2) & exit /b 0
:ini_remove_entry
if "%NUM%"=="%OUR_INDEX%" exit /b 0
if %NUM% GTR %OUR_INDEX% set /a "NUM-=1"
>> "%NEWINI%" echo %NUM%%NAME%=%~2
exit /b 0

rem :replace_hidden NEW TARGET: Windows refuses to overwrite a hidden file, and
rem gpedit keeps scripts.ini hidden.
:replace_hidden
if exist "%~2" attrib -h -s "%~2"
copy /y "%~1" "%~2" >nul
set "RCH=%errorlevel%"
attrib +h "%~2"
if not "%RCH%"=="0" echo install.cmd: could not write %~2
exit /b %RCH%

rem :gpt_update: the local policy's gpt.ini lists the Scripts extension and gets a
rem new machine version (its low 16 bits), so that Windows reads the change.
:gpt_update
set "HAS_EXT="
set "HAS_VER="
set "NEWGPT=%TMPD%\gpt.ini"
echo [step] update %GPT%: Scripts extension listed, machine version + 1
if defined WHATIF (echo whatif^> write gPCMachineExtensionNames and Version into "%GPT%") & exit /b 0
type nul > "%NEWGPT%"
if exist "%GPT%" for /f "tokens=1* delims==" %%a in ('type "%GPT%"') do call :gpt_line "%%a" "%%b"
if not exist "%GPT%" >> "%NEWGPT%" echo [General]
if not defined HAS_EXT >> "%NEWGPT%" echo gPCMachineExtensionNames=%SCRIPTS_CSE%
if not defined HAS_VER >> "%NEWGPT%" echo Version=1
call :replace_hidden "%NEWGPT%" "%GPT%"
exit /b %errorlevel%
:gpt_line
set "K=%~1"
set "VAL=%~2"
if "%K:~0,1%"=="[" (>> "%NEWGPT%" echo %K%) & exit /b 0
if /i "%K%"=="Version" (
  set "HAS_VER=1"
  set /a "VAL=%VAL% + 1"
)
if /i "%K%"=="gPCMachineExtensionNames" (
  set "HAS_EXT=1"
  call :cse_merge
)
>> "%NEWGPT%" echo %K%=%VAL%
exit /b 0
rem The extension list is kept sorted by GUID, as Windows writes it.
:cse_merge
if /i not "%VAL:42B5FAAE-6536-11D2-AE5A-0000F87571E3=%"=="%VAL%" exit /b 0
set "MERGED="
set "PLACED="
set "LIST=%VAL:][=] [%"
for %%e in (%LIST%) do call :cse_one %%e
if not defined PLACED set "MERGED=%MERGED%%SCRIPTS_CSE%"
set "VAL=%MERGED%"
exit /b 0
:cse_one
if not defined PLACED if /i "%~1" GTR "%SCRIPTS_CSE%" (
  set "MERGED=%MERGED%%SCRIPTS_CSE%"
  set "PLACED=1"
)
set "MERGED=%MERGED%%~1"
exit /b 0

:gp_apply
echo [step] apply the local policy: gpupdate /target:computer /force
if defined WHATIF (echo whatif^> echo N^| gpupdate /target:computer /force) & exit /b 0
echo N| gpupdate /target:computer /force
if errorlevel 1 echo [note] gpupdate failed: the shutdown script takes effect at the next restart.
exit /b 0

:shutdown_script_remove
set "OUR_INDEX="
set "SHUT_COUNT=0"
if exist "%INI%" call :ini_scan
if not defined OUR_INDEX (echo [skip] no Havm.Net shutdown script in the local policy) & goto :shutdown_file_remove
echo [step] remove shutdown script %OUR_INDEX% ^(%SHUTCMD%^) from %INI%
if defined WHATIF echo whatif^> remove [Shutdown] %OUR_INDEX%CmdLine from "%INI%"
if not defined WHATIF call :ini_remove
if errorlevel 1 exit /b %errorlevel%
call :gpt_update
if errorlevel 1 exit /b %errorlevel%
call :gp_apply
:shutdown_file_remove
if not exist "%SHUTCMD%" exit /b 0
echo [step] delete %SHUTCMD%
call :run del /f /q "%SHUTCMD%"
exit /b %errorlevel%

rem ---- cluster resource --------------------------------------------------------
rem Plan first (reading only), then apply: an online resource is refused only when
rem something would change, so a second run on an online guest is a no-op.
rem
rem Names as administrators write them (spaces, & ^ ! = ( ) %, non-ASCII letters): a
rem guest, group, disk or resource name, and the /vmc and /vnc paths, live only in the
rem O_* variables and are expanded once, inside quotes, on the line that uses them. They
rem are never passed as arguments of "call" (call expands a "%" a second time and
rem doubles a quoted "^"): cluster.exe is run directly, and "call" is used only for a
rem .cmd stand-in (the test hook), which would not return otherwise. Values are always
rem printed inside quotes, so "&" or ")" never ends an echo.

:plan_resource
set "TODO="
set "RES_GROUP=%O_GROUP%"
%CL_CALL% "%CLUSTER%" group "%O_GROUP%" > "%TMPF%" 2>&1
if errorlevel 1 goto :plan_no_group
%CL_CALL% "%CLUSTER%" res "%O_DISK%" > "%TMPF%" 2>&1
if errorlevel 1 goto :plan_no_disk
call :res_state
if defined RES_STATE goto :plan_update
echo [plan] create Generic Script resource "%O_RES%" in group "%O_GROUP%"
set "TODO=create"
set "CREATE=1"
goto :plan_common
:plan_update
set "CREATE="
echo [plan] resource "%O_RES%" exists ^(%RES_STATE%^): update it
call :read_privs
if errorlevel 1 exit /b %errorlevel%
if /i not "%P_VirtualMachineName%"=="%O_VM%" set "TODO=%TODO% vmname"
if defined O_VMC if /i not "%P_VirtualMachineConfigurationPath%"=="%O_VMC%" set "TODO=%TODO% vmc"
if defined O_VNC if /i not "%P_VirtualNetworkConfigurationPaths%"=="%O_VNC%" set "TODO=%TODO% vnc"
goto :plan_common
:plan_no_group
type "%TMPF%"
echo install.cmd: the group "%O_GROUP%" does not exist: create it first (the guide's "To configure the disk resource, resource group, and guest control script").
exit /b 1
:plan_no_disk
type "%TMPF%"
echo install.cmd: the disk resource "%O_DISK%" does not exist: create it in "%O_GROUP%" first.
exit /b 1

:plan_migrate
set "TODO="
set "CREATE="
set "RES_GROUP="
call :res_state
if not defined RES_STATE goto :migrate_none
call :read_privs
if errorlevel 1 exit /b %errorlevel%
if not defined P_ScriptFilepath goto :migrate_not_script
set "SFP=%P_ScriptFilepath%"
if /i not "%SFP:havm-wrapper.vbs=%"=="%SFP%" goto :plan_common
if /i "%SFP:havm.vbs=%"=="%SFP%" goto :migrate_other
echo [plan] migrate "%O_RES%" from "%SFP%"; its private properties stay as they are:
call :show_privs
goto :plan_common
:migrate_none
echo install.cmd: there is no resource "%O_RES%" to migrate.
exit /b 1
:migrate_not_script
echo install.cmd: "%O_RES%" has no ScriptFilepath: it is not a Generic Script resource.
exit /b 1
:migrate_other
echo install.cmd: "%O_RES%" runs "%SFP%", not Havm.vbs: not migrating it.
exit /b 1

:plan_common
if not defined CREATE goto :plan_existing
set "TODO=%TODO% scriptpath separate deps owners vmname"
if defined O_VMC set "TODO=%TODO% vmc"
if defined O_VNC set "TODO=%TODO% vnc"
if defined O_RESTARTS set "TODO=%TODO% restart"
if defined O_NOFAILOVER set "TODO=%TODO% restart"
goto :plan_done
:plan_existing
set "SFP=%P_ScriptFilepath%"
if /i "%SFP:havm-wrapper.vbs=%"=="%SFP%" set "TODO=%TODO% scriptpath"
call :read_props
if errorlevel 1 exit /b %errorlevel%
if not "%C_SeparateMonitor%"=="1" set "TODO=%TODO% separate"
call :restart_values
if defined WANT_ACTION if not "%C_RestartAction%"=="%WANT_ACTION%" set "TODO=%TODO% restart"
if defined WANT_THRESHOLD if not "%C_RestartThreshold%"=="%WANT_THRESHOLD%" set "TODO=%TODO% restart"
if defined WANT_PERIOD if not "%C_RestartPeriod%"=="%WANT_PERIOD%" set "TODO=%TODO% restart"
if not defined O_VM goto :plan_done
call :dep_missing
if not errorlevel 1 set "TODO=%TODO% deps"
call :owners_missing
if not errorlevel 1 set "TODO=%TODO% owners"
:plan_done
if not defined TODO goto :plan_nothing
if defined CREATE exit /b 0
if /i "%RES_STATE%"=="Offline" exit /b 0
if /i "%RES_STATE%"=="Failed" exit /b 0
echo install.cmd: "%O_RES%" is %RES_STATE%: it must be offline to be changed. Take the guest
echo offline (its state is saved), run install.cmd again, then bring it back online:
echo   cluster res "%O_RES%" /offline
exit /b 1
:plan_nothing
echo [skip] resource "%O_RES%" is already configured
exit /b 0

rem :restart_values -> WANT_ACTION, WANT_THRESHOLD, WANT_PERIOD (ms) from the switches
:restart_values
set "WANT_ACTION="
set "WANT_THRESHOLD="
set "WANT_PERIOD="
if defined O_NOFAILOVER set "WANT_ACTION=1"
if defined O_RESTARTS (
  set "WANT_ACTION=2"
  set "WANT_THRESHOLD=%O_RESTARTS%"
)
if defined O_PERIOD set /a "WANT_PERIOD=%O_PERIOD% * 1000"
exit /b 0

rem MARK: how a changing command is printed ("  >" when run, "whatif>" when not).
:apply_resource
if not defined TODO exit /b 0
set "MARK=  ^>"
if defined WHATIF set "MARK=whatif^>"
set "CREATED="
if not defined CREATE goto :apply_resource_steps
echo [step] create resource "%O_RES%"
echo %MARK% "%CLUSTER%" res "%O_RES%" /create /group:"%O_GROUP%" /type:"Generic Script"
if defined WHATIF goto :apply_resource_created
%CL_CALL% "%CLUSTER%" res "%O_RES%" /create /group:"%O_GROUP%" /type:"Generic Script"
if not "%errorlevel%"=="0" goto :run_failed
:apply_resource_created
set "CREATED=1"
:apply_resource_steps
call :apply_steps
if errorlevel 1 goto :apply_failed
exit /b 0
:apply_failed
set "RCA=%errorlevel%"
if not defined CREATED exit /b %RCA%
echo [undo] delete "%O_RES%", created by this run
echo %MARK% "%CLUSTER%" res "%O_RES%" /delete
if not defined WHATIF %CL_CALL% "%CLUSTER%" res "%O_RES%" /delete
exit /b %RCA%

:apply_steps
if "%TODO:scriptpath=%"=="%TODO%" goto :apply_separate
echo [step] ScriptFilepath: %%windir%%\Cluster\havm-wrapper.vbs
call :set_scriptpath
if errorlevel 1 exit /b %errorlevel%
:apply_separate
if "%TODO:separate=%"=="%TODO%" goto :apply_vmname
echo [step] SeparateMonitor=1: the guest runs in its own resource monitor
echo %MARK% "%CLUSTER%" res "%O_RES%" /prop SeparateMonitor=1
if defined WHATIF goto :apply_vmname
%CL_CALL% "%CLUSTER%" res "%O_RES%" /prop SeparateMonitor=1
if not "%errorlevel%"=="0" goto :run_failed
:apply_vmname
if "%TODO:vmname=%"=="%TODO%" goto :apply_vmc
echo [step] VirtualMachineName="%O_VM%"
echo %MARK% "%CLUSTER%" res "%O_RES%" /priv VirtualMachineName="%O_VM%"
if defined WHATIF goto :apply_vmc
%CL_CALL% "%CLUSTER%" res "%O_RES%" /priv VirtualMachineName="%O_VM%"
if not "%errorlevel%"=="0" goto :run_failed
:apply_vmc
if "%TODO:vmc=%"=="%TODO%" goto :apply_vnc
echo [step] VirtualMachineConfigurationPath="%O_VMC%": any node registers the guest from it at Online
echo %MARK% "%CLUSTER%" res "%O_RES%" /priv VirtualMachineConfigurationPath="%O_VMC%"
if defined WHATIF goto :apply_vnc
%CL_CALL% "%CLUSTER%" res "%O_RES%" /priv VirtualMachineConfigurationPath="%O_VMC%"
if not "%errorlevel%"=="0" goto :run_failed
:apply_vnc
if "%TODO:vnc=%"=="%TODO%" goto :apply_deps
echo [step] VirtualNetworkConfigurationPaths="%O_VNC%": registered before the guest where missing
echo %MARK% "%CLUSTER%" res "%O_RES%" /priv VirtualNetworkConfigurationPaths="%O_VNC%"
if defined WHATIF goto :apply_deps
%CL_CALL% "%CLUSTER%" res "%O_RES%" /priv VirtualNetworkConfigurationPaths="%O_VNC%"
if not "%errorlevel%"=="0" goto :run_failed
:apply_deps
if "%TODO:deps=%"=="%TODO%" goto :apply_owners
echo [step] depend on the disk "%O_DISK%"
echo %MARK% "%CLUSTER%" res "%O_RES%" /adddep:"%O_DISK%"
if defined WHATIF goto :apply_owners
%CL_CALL% "%CLUSTER%" res "%O_RES%" /adddep:"%O_DISK%"
if not "%errorlevel%"=="0" goto :run_failed
:apply_owners
if "%TODO:owners=%"=="%TODO%" goto :apply_restart
call :add_owners
if errorlevel 1 exit /b %errorlevel%
:apply_restart
if "%TODO:restart=%"=="%TODO%" exit /b 0
call :set_restart
exit /b %errorlevel%

rem Written out twice because a "%%windir%%" kept in a variable does not survive
rem every cmd.exe (it must reach cluster.exe unexpanded, as the guide types it).
rem Run directly, the line is expanded once ("%%" is a "%"); through "call" (the .cmd
rem stand-in) twice.
:set_scriptpath
echo %MARK% "%CLUSTER%" res "%O_RES%" /priv ScriptFilepath="%%windir%%\Cluster\havm-wrapper.vbs"
if defined WHATIF exit /b 0
if defined CL_CALL call "%CLUSTER%" res "%O_RES%" /priv ScriptFilepath="%%%%windir%%%%\Cluster\havm-wrapper.vbs"
if not defined CL_CALL "%CLUSTER%" res "%O_RES%" /priv ScriptFilepath="%%windir%%\Cluster\havm-wrapper.vbs"
if not "%errorlevel%"=="0" goto :run_failed
exit /b 0

:set_restart
call :restart_values
if "%WANT_ACTION%"=="1" echo [step] restart policy: always restart on the same node (never fail over)
if "%WANT_ACTION%"=="2" if "%WANT_THRESHOLD%"=="0" echo [step] restart policy: fail over at once
if "%WANT_ACTION%"=="2" if not "%WANT_THRESHOLD%"=="0" echo [step] restart policy: restart on the same node %WANT_THRESHOLD% times, then fail over
set "PROPS=RestartAction=%WANT_ACTION%"
if defined WANT_THRESHOLD set "PROPS=%PROPS% RestartThreshold=%WANT_THRESHOLD%"
if defined WANT_PERIOD set "PROPS=%PROPS% RestartPeriod=%WANT_PERIOD%"
echo %MARK% "%CLUSTER%" res "%O_RES%" /prop %PROPS%
if defined WHATIF exit /b 0
%CL_CALL% "%CLUSTER%" res "%O_RES%" /prop %PROPS%
if not "%errorlevel%"=="0" goto :run_failed
exit /b 0

:add_owners
call :cluster_nodes
if errorlevel 1 exit /b %errorlevel%
set "FAILED="
for %%n in (%NODES%) do if not defined FAILED call :add_owner %%n
if defined FAILED exit /b %FAILED%
exit /b 0
:add_owner
if defined CREATE goto :add_owner_now
call :owner_listed %1
if not errorlevel 1 exit /b 0
:add_owner_now
echo [step] possible owner: %1
echo %MARK% "%CLUSTER%" res "%O_RES%" /addowner:%1
if defined WHATIF exit /b 0
%CL_CALL% "%CLUSTER%" res "%O_RES%" /addowner:%1
if not "%errorlevel%"=="0" goto :add_owner_failed
exit /b 0
:add_owner_failed
set "FAILED=%errorlevel%"
echo install.cmd: the command above failed with exit code %FAILED%.
exit /b 0

rem ---- reading the cluster ---------------------------------------------------------
rem :cq ARGS: runs a read-only cluster.exe query (also under /whatif) into TMPF. Only for
rem arguments without names in them (node, res /priv); a name goes on its own line.
:cq
%CL_CALL% "%CLUSTER%" %* > "%TMPF%" 2>&1
exit /b %errorlevel%

rem :each_line LABEL: calls :LABEL with each line of TMPF in L (never as an argument of
rem call: a "%" or "^" in a name would be changed).
:each_line
for /f "usebackq eol=| tokens=* delims=" %%l in ("%TMPF%") do (
  set "L=%%l"
  call :%~1
)
exit /b 0

rem :words VAR -> WORDS: how many space-separated words the value of VAR has (names
rem may hold spaces; cluster.exe prints them as they are, so a listing's columns after
rem the name are found by counting the name's words).
:words
set "WORDS=0"
call set "WREST=%%%~1%%"
:words_next
if not defined WREST exit /b 0
set "WNEXT="
for /f "eol=| tokens=1*" %%a in ("%WREST%") do set "WNEXT=%%b"
set /a "WORDS+=1"
set "WREST=%WNEXT%"
if %WORDS% GTR 200 exit /b 0
goto :words_next

rem :res_state -> RES_STATE (Online, Offline, Failed, Online Pending, ...), empty when
rem the resource does not exist, and RES_NODE, its owner. Reads "cluster res NAME":
rem name, group, node, state.
:res_state
set "RES_STATE="
set "RES_NODE="
%CL_CALL% "%CLUSTER%" res "%O_RES%" > "%TMPF%" 2>&1
if errorlevel 1 exit /b 0
set "PAST="
call :each_line res_state_line
if not defined RES_STATE set "RES_STATE=in an unknown state"
exit /b 0
:res_state_line
if "%L:~0,2%"=="--" (set "PAST=1") & exit /b 0
if not defined PAST exit /b 0
set "ST="
if "%L:~-15%"==" Online Pending" set "ST=Online Pending"
if "%L:~-16%"==" Offline Pending" set "ST=Offline Pending"
if not defined ST if "%L:~-7%"==" Online" set "ST=Online"
if not defined ST if "%L:~-8%"==" Offline" set "ST=Offline"
if not defined ST if "%L:~-7%"==" Failed" set "ST=Failed"
if not defined ST exit /b 0
set "RES_STATE=%ST%"
rem the node is the last word before the state
set "NL=%L%"
for %%s in (%ST%) do call :drop_last_word
call :drop_trailing_spaces
set "RES_NODE="
:res_state_node
set "WNEXT="
for /f "eol=| tokens=1*" %%a in ("%NL%") do (
  set "RES_NODE=%%a"
  set "WNEXT=%%b"
)
set "NL=%WNEXT%"
if defined NL goto :res_state_node
exit /b 0
:drop_trailing_spaces
if not "%NL:~-1%"==" " exit /b 0
set "NL=%NL:~0,-1%"
goto :drop_trailing_spaces
:drop_last_word
call :drop_trailing_spaces
:drop_last_word_chars
if not defined NL exit /b 0
if "%NL:~-1%"==" " exit /b 0
set "NL=%NL:~0,-1%"
goto :drop_last_word_chars

rem :read_privs / :read_props -> P_<name> / C_<name> from "cluster res NAME /priv|/prop"
rem (lines: type, resource, property name, value; a DWORD shows as "1 (0x1)").
:read_privs
for %%p in (%HAVM_PROPS% ScriptFilepath) do set "P_%%p="
%CL_CALL% "%CLUSTER%" res "%O_RES%" /priv > "%TMPF%" 2>&1
if errorlevel 1 (type "%TMPF%") & exit /b 1
set "PFX=P_"
goto :read_rows
:read_props
for %%p in (SeparateMonitor RestartAction RestartThreshold RestartPeriod PendingTimeout DeadlockTimeout) do set "C_%%p="
%CL_CALL% "%CLUSTER%" res "%O_RES%" /prop > "%TMPF%" 2>&1
if errorlevel 1 (type "%TMPF%") & exit /b 1
set "PFX=C_"
:read_rows
call :words O_RES
set /a "TOK=WORDS + 2"
set "PAST="
call :each_line prop_line
exit /b 0
:prop_line
if "%L:~0,2%"=="--" (set "PAST=1") & exit /b 0
if not defined PAST exit /b 0
set "PN="
set "PV="
set "PT=%L:~0,1%"
for /f "eol=| tokens=%TOK%*" %%a in ("%L%") do (
  set "PN=%%a"
  set "PV=%%b"
)
if not defined PN exit /b 0
if "%PT%"=="D" if defined PV for /f "eol=| tokens=1" %%v in ("%PV%") do set "PV=%%v"
set "%PFX%%PN%=%PV%"
exit /b 0

:show_privs
set "PAST="
call :each_line show_priv_line
exit /b 0
:show_priv_line
if "%L:~0,2%"=="--" (set "PAST=1") & exit /b 0
if defined PAST echo   "%L%"
exit /b 0

rem :dep_missing -> errorlevel 0 when the disk is not yet a dependency
:dep_missing
%CL_CALL% "%CLUSTER%" res "%O_RES%" /listdep > "%TMPF%" 2>&1
rem a cluster.exe that did not answer is asked once more before the dependency counts as missing
if errorlevel 1 %CL_CALL% "%CLUSTER%" res "%O_RES%" /listdep > "%TMPF%" 2>&1
if errorlevel 1 exit /b 0
set "FOUND="
set "PAST="
set "WANTNAME=%O_DISK%"
call :each_line name_line
if defined FOUND exit /b 1
exit /b 0
rem :name_line: FOUND=1 when L (after the dashes) is WANTNAME, alone or followed by spaces
:name_line
if "%L:~0,2%"=="--" (set "PAST=1") & exit /b 0
if not defined PAST exit /b 0
call :words WANTNAME
set "HEAD="
set "NL=%L%"
:name_line_word
if %WORDS% LSS 1 goto :name_line_compare
set "WNEXT="
set "W1="
for /f "eol=| tokens=1*" %%a in ("%NL%") do (
  set "W1=%%a"
  set "WNEXT=%%b"
)
if defined HEAD set "HEAD=%HEAD% %W1%"
if not defined HEAD set "HEAD=%W1%"
set "NL=%WNEXT%"
set /a "WORDS-=1"
goto :name_line_word
:name_line_compare
if /i "%HEAD%"=="%WANTNAME%" set "FOUND=1"
exit /b 0

rem :owners_missing -> errorlevel 0 when a node is not yet a possible owner
:owners_missing
call :cluster_nodes
if errorlevel 1 exit /b 0
set "MISSING_OWNER="
for %%n in (%NODES%) do if not defined MISSING_OWNER call :owner_check %%n
if defined MISSING_OWNER exit /b 0
exit /b 1
:owner_check
call :owner_listed %1
if errorlevel 1 set "MISSING_OWNER=%1"
exit /b 0
:owner_listed
%CL_CALL% "%CLUSTER%" res "%O_RES%" /listowners > "%TMPF%" 2>&1
if errorlevel 1 exit /b 1
set "FOUND="
set "PAST="
set "WANTNAME=%~1"
call :each_line name_line
if defined FOUND exit /b 0
exit /b 1

rem :cluster_nodes -> NODES from "cluster node" (first column after the dashes)
:cluster_nodes
set "NODES="
call :cq node
if errorlevel 1 (type "%TMPF%") & exit /b 1
set "PAST="
for /f "usebackq tokens=1" %%l in ("%TMPF%") do call :node_line "%%l"
if not defined NODES (echo install.cmd: "cluster node" listed no node.) & exit /b 1
exit /b 0
:node_line
set "L=%~1"
if "%L:~0,2%"=="--" (set "PAST=1") & exit /b 0
if defined PAST set "NODES=%NODES% %L%"
exit /b 0

rem ---- uninstall -------------------------------------------------------------------
:uninstall
call :check_in_use
if errorlevel 1 exit /b %errorlevel%
if not exist "%HOME%\net40" echo [skip] no net40 runtime installed
if exist "%HOME%\net40" call :remove_net40
if errorlevel 1 exit /b %errorlevel%
if not exist "%HOME%\net10" echo [skip] no net10 runtime installed
if exist "%HOME%\net10" call :remove_net10
if errorlevel 1 exit /b %errorlevel%
call :shutdown_script_remove
if errorlevel 1 exit /b %errorlevel%
if exist "%WRAPPER%" echo [step] delete %WRAPPER%
if exist "%WRAPPER%" call :run del /f /q "%WRAPPER%"
if errorlevel 1 exit /b %errorlevel%
if exist "%HOME%" echo [step] remove %HOME%
if exist "%HOME%" call :run rd /s /q "%HOME%"
if errorlevel 1 exit /b %errorlevel%
echo.
if defined WHATIF (echo Done: nothing was changed ^(/whatif^).) else (echo Done: Havm.Net is removed from %COMPUTERNAME%.)
exit /b 0

:check_in_use
if not exist "%CLUSTER%" (echo [check] no cluster.exe: not checking for resources that use the wrapper) & exit /b 0
set "USERS="
call :wrapper_users in_use_one
if errorlevel 1 (echo [check] "cluster res /priv" failed: not checking for resources that use the wrapper) & exit /b 0
if not defined USERS (echo [check] no cluster resource uses havm-wrapper.vbs) & exit /b 0
echo Delete them, or point them elsewhere, first (cluster res "NAME" /priv ScriptFilepath=...).
exit /b 1
:in_use_one
if not defined USERS echo install.cmd: not uninstalling: these resources still use havm-wrapper.vbs:
set "USERS=1"
echo   "%RNAME%"
exit /b 0

rem :wrapper_users LABEL: calls :LABEL with RNAME set to each resource whose ScriptFilepath
rem is havm-wrapper.vbs (from "cluster res /priv": type, resource, name, value); errorlevel 1
rem when cluster.exe fails.
:wrapper_users
set "WU_LABEL=%~1"
call :cq res /priv
if errorlevel 1 exit /b 1
set "WU_FILE=%TMPD%\all-privs.txt"
copy /y "%TMPF%" "%WU_FILE%" >nul
for /f "usebackq eol=| tokens=* delims=" %%l in ("%WU_FILE%") do (
  set "L=%%l"
  call :wrapper_user_line
)
exit /b 0
:wrapper_user_line
set "T=%L: ScriptFilepath =|%"
if "%T%"=="%L%" exit /b 0
set "NL="
set "SV="
for /f "eol=| tokens=1* delims=|" %%a in ("%T%") do (
  set "NL=%%a"
  set "SV=%%b"
)
if not defined SV exit /b 0
for /f "eol=| tokens=*" %%v in ("%SV%") do set "SV=%%v"
if /i "%SV:havm-wrapper.vbs=%"=="%SV%" exit /b 0
set "NL=%NL:~3%"
call :drop_trailing_spaces
set "RNAME=%NL%"
call :%WU_LABEL%
exit /b 0

rem ===========================================================================
rem /check [/vm NAME | /resource NAME]: a read-only preflight of this node, as the
rem cluster validation wizard is for Hyper-V. It changes nothing (it never starts the
rem Virtual Server service) and needs no administrator rights where the cluster lets
rem the user read it. One line per check: [ok], [warn], [fail] (with the command that
rem fixes it), [skip] (does not apply here). Exit code 0 only when no check fails, else 1.
rem
rem Whether a guest is registered, and whether the COM class can be created, is asked
rem with a small VBScript (written to %TEMP%, run with this node's native cscript, so
rem with the cluster's bitness). The guest's name goes to it in an environment variable,
rem never on a command line. VirtualServer.Application is created only when the service
rem is already running: creating it would start a stopped service.
:check
echo Checking this node for Havm.Net (read only: nothing is changed).
set "NFAIL=0"
set "NWARN=0"
call :write_probe
echo.
echo This node:
call :chk_windows
call :chk_com
call :chk_wrapper
call :chk_shutdown
call :chk_service
call :chk_cluster
echo.
if %NFAIL% GTR 0 goto :check_failed
if %NWARN% GTR 0 (echo Result: no check failed, %NWARN% warning^(s^).) & exit /b 0
echo Result: every check passed.
exit /b 0
:check_failed
echo Result: %NFAIL% check(s) failed, %NWARN% warning(s). Run the "fix:" commands, then install.cmd /check again.
exit /b 1
rem Every [fail] line is followed by its "       fix: " line, the command (or step) that
rem fixes it, and then by the call of :chk_failed.
:chk_failed
set /a "NFAIL+=1"
exit /b 0
:chk_warned
set /a "NWARN+=1"
exit /b 0

:chk_windows
call :check_windows
if not errorlevel 1 exit /b 0
echo [fail] Havm.Net cannot run on this Windows version
echo        fix: install Windows Server 2003 Service Pack 2 (or use a later Windows) on this node
call :chk_failed
exit /b 0

:write_probe
set "PROBE=%TMPD%\havm-probe.vbs"
> "%PROBE%" echo ' Havm.Net install.cmd /check: "com" creates Havm.GenericScript; "vm" looks the guest
>> "%PROBE%" echo ' named by the environment variable HAVM_PROBE_VM up in Virtual Server.
>> "%PROBE%" echo On Error Resume Next
>> "%PROBE%" echo Set env = CreateObject("WScript.Shell").Environment("PROCESS")
>> "%PROBE%" echo If WScript.Arguments(0) = "com" Then
>> "%PROBE%" echo   Set o = CreateObject("Havm.GenericScript")
>> "%PROBE%" echo   If Err.Number = 0 Then WScript.Echo "CREATED" Else WScript.Echo "ERR " ^& Hex(Err.Number) ^& " " ^& Err.Description
>> "%PROBE%" echo   WScript.Quit 0
>> "%PROBE%" echo End If
>> "%PROBE%" echo Set vs = CreateObject("VirtualServer.Application")
>> "%PROBE%" echo If Err.Number ^<^> 0 Then WScript.Echo "NOVS " ^& Hex(Err.Number) ^& " " ^& Err.Description : WScript.Quit 0
>> "%PROBE%" echo Set vm = vs.FindVirtualMachine(env("HAVM_PROBE_VM"))
>> "%PROBE%" echo If Err.Number ^<^> 0 Then WScript.Echo "ERR " ^& Hex(Err.Number) ^& " " ^& Err.Description : WScript.Quit 0
>> "%PROBE%" echo If vm Is Nothing Then WScript.Echo "UNREGISTERED" : WScript.Quit 0
>> "%PROBE%" echo WScript.Echo "REGISTERED " ^& vm.File
exit /b 0

rem :probe com|vm -> PROBE_OUT: the first line the probe printed
:probe
set "PROBE_OUT="
%CS_CALL% "%CSCRIPT%" //nologo "%PROBE%" %1 > "%TMPD%\probe.txt" 2>&1
for /f "usebackq eol=| tokens=* delims=" %%l in ("%TMPD%\probe.txt") do if not defined PROBE_OUT set "PROBE_OUT=%%l"
exit /b 0

rem The COM class: registered in this node's own registry view (64-bit on x64, which is
rem what the cluster's resource monitor uses), its file present, and creatable.
:chk_com
call :regget "HKLM\SOFTWARE\Classes\%PROGID%\CLSID" ""
set "CLSID=%REGVAL%"
if not defined CLSID goto :chk_com_missing
call :regget "HKLM\SOFTWARE\Classes\CLSID\%CLSID%\InprocServer32" ""
set "SERVER=%REGVAL%"
if not defined SERVER goto :chk_com_missing
call :regget "HKLM\SOFTWARE\Classes\CLSID\%CLSID%\InprocServer32" CodeBase
set "CODEBASE=%REGVAL%"
set "COMFILE=%SERVER%"
if defined CODEBASE set "COMFILE=%CODEBASE:file:///=%"
if defined CODEBASE set "COMFILE=%COMFILE:/=\%"
if exist "%COMFILE%" goto :chk_com_file_ok
echo [fail] %PROGID% is registered for %ARCHNAME% to %COMFILE%, which is missing
echo        fix: install.cmd
call :chk_failed
exit /b 0
:chk_com_file_ok
echo [ok]   %PROGID% is registered for %ARCHNAME%: %COMFILE%
call :probe com
if "%PROBE_OUT:~0,7%"=="CREATED" (echo [ok]   %PROGID% can be created ^(cscript, %ARCHNAME%^)) & exit /b 0
echo [fail] %PROGID% is registered but cannot be created: %PROBE_OUT%
echo        fix: install.cmd (for .NET 10: install the .NET 10 runtime, %ARCHNAME%)
call :chk_failed
exit /b 0
:chk_com_missing
echo [fail] %PROGID% is not registered for %ARCHNAME% on this node: the cluster cannot run the guest here
echo        fix: install.cmd
call :chk_failed
exit /b 0

:chk_wrapper
if exist "%WRAPPER%" (echo [ok]   the wrapper is in place: %WRAPPER%) & exit /b 0
echo [fail] %WRAPPER% is missing: every Havm.Net resource fails on this node
echo        fix: install.cmd
call :chk_failed
exit /b 0

:chk_shutdown
set "SHUT_FOUND="
set "SHUT_COUNT=0"
if exist "%INI%" call :ini_scan
if defined SHUT_FOUND (echo [ok]   shutdown script stops the Cluster service: %SHUT_FOUND%) & exit /b 0
echo [warn] no shutdown script stops the Cluster service: a node shutting down does not save its guests first
echo        fix: install.cmd
call :chk_warned
exit /b 0

rem The Virtual Server service, through the Service Control Manager ("sc query" never
rem starts it). VS_RUNNING=1 when it runs.
:chk_service
set "VS_RUNNING="
set "VS_STATE="
set "VS_ABSENT="
call sc query "Virtual Server" > "%TMPF%" 2>&1
set "RCS=%errorlevel%"
if "%RCS%"=="1060" set "VS_ABSENT=1"
call :each_line service_line
if defined VS_STATE goto :chk_service_state
if not defined VS_ABSENT goto :chk_service_unread
echo [fail] the Virtual Server service is not installed on this node (sc query: exit code %RCS%)
echo        fix: install Virtual Server 2005 R2 SP1 on this node
call :chk_failed
exit /b 0
:chk_service_state
if /i "%VS_STATE%"=="RUNNING" (set "VS_RUNNING=1") & (echo [ok]   the Virtual Server service is running) & exit /b 0
echo [fail] the Virtual Server service is installed but %VS_STATE%: no guest can run on this node
echo        fix: sc config "Virtual Server" start= auto ^& net start "Virtual Server"
call :chk_failed
exit /b 0
:chk_service_unread
type "%TMPF%"
echo [warn] the state of the Virtual Server service could not be read (sc query: exit code %RCS%)
call :chk_warned
exit /b 0
:service_line
rem "FAILED 1060": ERROR_SERVICE_DOES_NOT_EXIST (also when a stand-in's exit code is lost)
if not "%L:FAILED 1060=%"=="%L%" set "VS_ABSENT=1"
if "%L:STATE=%"=="%L%" exit /b 0
for /f "eol=| tokens=4" %%s in ("%L%") do set "VS_STATE=%%s"
exit /b 0

rem ---- /check: the cluster and each Havm.Net resource --------------------------------
:chk_cluster
if exist "%CLUSTER%" goto :chk_cluster_exe
echo [warn] no cluster.exe at %CLUSTER%: the resources are not checked
echo        fix: Install-WindowsFeature RSAT-Clustering-CmdInterface (2012 and later)
call :chk_warned
exit /b 0
:chk_cluster_exe
call :deadlock_host
set "FOUND_RES=0"
if defined O_RES goto :chk_named
call :wrapper_users chk_listed
if errorlevel 1 goto :chk_cluster_down
if not "%FOUND_RES%"=="0" exit /b 0
if defined O_VM goto :chk_vm_none
echo.
echo [warn] no Havm.Net resource in this cluster (no ScriptFilepath is havm-wrapper.vbs)
echo        fix: install.cmd /vm GUEST /group GROUP /disk DISK [/vmc PATH], or install.cmd /migrate RESOURCE
call :chk_warned
exit /b 0
:chk_vm_none
echo.
echo [fail] no Havm.Net resource runs the guest "%O_VM%" (VirtualMachineName)
echo        fix: install.cmd /vm "%O_VM%" /group GROUP /disk DISK
call :chk_failed
exit /b 0
:chk_cluster_down
type "%TMPF%"
echo [fail] "cluster res /priv" failed: is the Cluster service running on this node?
echo        fix: net start clussvc   (then install.cmd /check again, as a cluster administrator)
call :chk_failed
exit /b 0
:chk_named
call :res_state
if defined RES_STATE goto :chk_named_found
echo.
echo [fail] there is no resource "%O_RES%" in this cluster
echo        fix: install.cmd /vm GUEST /group GROUP /disk DISK /resource "%O_RES%"   (or name an existing one: cluster res lists them)
call :chk_failed
exit /b 0
:chk_named_found
call :chk_resource
exit /b 0
rem a Havm.Net resource found by :wrapper_users; with /vm, only the guest's own
:chk_listed
set "O_RES=%RNAME%"
if not defined O_VM goto :chk_listed_one
call :read_privs
if errorlevel 1 goto :chk_listed_one
if /i not "%P_VirtualMachineName%"=="%O_VM%" exit /b 0
:chk_listed_one
call :res_state
call :chk_resource
exit /b 0

rem :deadlock_host -> HOST_DL_MS: the host's deadlock timeout (ms) when the resource has
rem none; empty when deadlock detection is off (Windows Server 2003's default).
rem 2008 and later: the resource's DeadlockTimeout (default 300000). 2003: the cluster's
rem EnableResourceDllDeadlockDetection (default 0) and ResourceDllDeadlockTimeout (s, 240).
:deadlock_host
set "HOST_DL_MS=300000"
set "HOST_DL_TEXT=the deadlock timeout 300 s"
if not "%WINVER%"=="5.2" exit /b 0
set "HOST_DL_MS="
set "CDL_ON="
set "CDL_S="
call :cq /prop
if errorlevel 1 exit /b 0
call :each_line cluster_prop_line
if not "%CDL_ON%"=="1" exit /b 0
if not defined CDL_S set "CDL_S=240"
set /a "HOST_DL_MS=CDL_S * 1000"
set "HOST_DL_TEXT=the cluster's ResourceDllDeadlockTimeout %CDL_S% s"
exit /b 0
:cluster_prop_line
set "T=%L: EnableResourceDllDeadlockDetection =|%"
if not "%T%"=="%L%" (set "CN=CDL_ON") & goto :cluster_prop_value
set "T=%L: ResourceDllDeadlockTimeout =|%"
if not "%T%"=="%L%" (set "CN=CDL_S") & goto :cluster_prop_value
exit /b 0
rem the value column: "1 (0x1)" -> 1 (in two steps: a FOR inside a FOR misreads it in Wine)
:cluster_prop_value
set "CV="
for /f "eol=; tokens=2 delims=|" %%v in ("%T%") do set "CV=%%v"
if defined CV for /f "tokens=1" %%w in ("%CV%") do set "%CN%=%%w"
exit /b 0

rem :chk_resource: every check of the resource O_RES (RES_STATE, RES_NODE read).
:chk_resource
set /a "FOUND_RES+=1"
echo.
echo Resource "%O_RES%" (%RES_STATE% on %RES_NODE%):
call :read_privs
if errorlevel 1 goto :chk_res_unread
call :read_props
set "HERE="
if /i "%RES_NODE%"=="%COMPUTERNAME%" set "HERE=1"
if /i not "%P_ScriptFilepath:havm-wrapper.vbs=%"=="%P_ScriptFilepath%" goto :chk_res_script_ok
echo [fail] ScriptFilepath is "%P_ScriptFilepath%", not the wrapper
echo        fix: install.cmd /migrate "%O_RES%"
call :chk_failed
:chk_res_script_ok
if defined P_VirtualMachineName goto :chk_res_name_ok
echo [fail] VirtualMachineName is not set: Online fails with error 13
echo        fix: cluster res "%O_RES%" /priv VirtualMachineName=GUEST
call :chk_failed
goto :chk_res_files
:chk_res_name_ok
echo [ok]   VirtualMachineName="%P_VirtualMachineName%"
:chk_res_files
set "VMC_OK="
if defined P_VirtualMachineConfigurationPath goto :chk_res_vmc
echo [warn] VirtualMachineConfigurationPath is not set: only a node that already knows the guest can run it (Online fills it in after its first success)
echo        fix: cluster res "%O_RES%" /priv VirtualMachineConfigurationPath="X:\Guest1\Guest1.vmc"
call :chk_warned
goto :chk_res_vnc
:chk_res_vmc
if not defined HERE goto :chk_res_vmc_away
set "FILE=%P_VirtualMachineConfigurationPath%"
call :readable
if defined READABLE (set "VMC_OK=1") & (echo [ok]   the configuration file is readable from this node: "%FILE%") & goto :chk_res_vnc
echo [fail] the configuration file is not readable from this node: "%FILE%" (is it on the group's disk, and is the disk online here?)
echo        fix: keep the guest's files on the group's disk; then cluster res "%O_RES%" /priv VirtualMachineConfigurationPath="X:\Guest1\Guest1.vmc"
call :chk_failed
goto :chk_res_vnc
:chk_res_vmc_away
echo [skip] the configuration file is not read here: the group is on %RES_NODE% (run install.cmd /check there)
:chk_res_vnc
if not defined P_VirtualNetworkConfigurationPaths goto :chk_res_registered
if not defined HERE (echo [skip] the network files are not read here: the group is on %RES_NODE%) & goto :chk_res_registered
set "VNCLEFT=%P_VirtualNetworkConfigurationPaths%"
:chk_res_vnc_next
if not defined VNCLEFT goto :chk_res_registered
set "FILE="
set "VNEXT="
for /f "eol=| tokens=1* delims=;" %%a in ("%VNCLEFT%") do (
  set "FILE=%%a"
  set "VNEXT=%%b"
)
set "VNCLEFT=%VNEXT%"
if not defined FILE goto :chk_res_vnc_next
call :readable
if defined READABLE (echo [ok]   the network file is readable from this node: "%FILE%") & goto :chk_res_vnc_next
echo [fail] the network file is not readable from this node: "%FILE%"
echo        fix: keep the .vnc files on the group's disk and list them in VirtualNetworkConfigurationPaths (separated by ;)
call :chk_failed
goto :chk_res_vnc_next

:chk_res_registered
if not defined P_VirtualMachineName goto :chk_res_timeouts
if defined VS_RUNNING goto :chk_res_ask
if defined VMC_OK (echo [ok]   registrable: Online registers the guest from "%P_VirtualMachineConfigurationPath%" ^(the Virtual Server service is not running: registration not checked^)) & goto :chk_res_timeouts
echo [warn] whether "%P_VirtualMachineName%" is registered is not checked: the Virtual Server service is not running (install.cmd /check never starts it)
call :chk_warned
goto :chk_res_timeouts
:chk_res_ask
set "HAVM_PROBE_VM=%P_VirtualMachineName%"
call :probe vm
set "HAVM_PROBE_VM="
if "%PROBE_OUT:~0,11%"=="REGISTERED " goto :chk_res_known
if "%PROBE_OUT:~0,12%"=="UNREGISTERED" goto :chk_res_unknown
echo [warn] could not ask Virtual Server whether "%P_VirtualMachineName%" is registered: %PROBE_OUT%
call :chk_warned
goto :chk_res_timeouts
:chk_res_known
set "VMFILE=%PROBE_OUT:~11%"
if not defined P_VirtualMachineConfigurationPath goto :chk_res_known_ok
if /i "%VMFILE%"=="%P_VirtualMachineConfigurationPath%" goto :chk_res_known_ok
echo [fail] "%P_VirtualMachineName%" is registered here from "%VMFILE%", not from "%P_VirtualMachineConfigurationPath%": Online fails with error 13 (two guests share a name)
echo        fix: unregister the other guest in the Virtual Server Administration Website, or correct VirtualMachineConfigurationPath
call :chk_failed
goto :chk_res_timeouts
:chk_res_known_ok
echo [ok]   "%P_VirtualMachineName%" is registered in Virtual Server here: "%VMFILE%"
goto :chk_res_timeouts
:chk_res_unknown
if defined VMC_OK (echo [ok]   "%P_VirtualMachineName%" is not registered here, and registrable: Online registers it from "%P_VirtualMachineConfigurationPath%") & goto :chk_res_timeouts
if defined P_VirtualMachineConfigurationPath if not defined HERE (echo [ok]   "%P_VirtualMachineName%" is not registered here; Online registers it from "%P_VirtualMachineConfigurationPath%" once the group is here) & goto :chk_res_timeouts
if defined P_VirtualMachineConfigurationPath goto :chk_res_unknown_unreadable
echo [fail] "%P_VirtualMachineName%" is not registered in Virtual Server here and VirtualMachineConfigurationPath is not set: Online fails here with error 1168
echo        fix: cluster res "%O_RES%" /priv VirtualMachineConfigurationPath="X:\Guest1\Guest1.vmc"
call :chk_failed
goto :chk_res_timeouts
:chk_res_unknown_unreadable
echo [fail] "%P_VirtualMachineName%" is not registered here and its configuration file cannot be read: Online fails here
echo        fix: bring the group's disk online here, or correct the path: cluster res "%O_RES%" /priv VirtualMachineConfigurationPath="X:\Guest1\Guest1.vmc"
call :chk_failed

:chk_res_timeouts
set "PT_MS=%C_PendingTimeout%"
if not defined PT_MS set "PT_MS=180000"
set "DL_MS=%C_DeadlockTimeout%"
set "DL_TEXT=the DeadlockTimeout %C_DeadlockTimeout% ms"
if not defined DL_MS set "DL_MS=%HOST_DL_MS%"
if not defined C_DeadlockTimeout set "DL_TEXT=%HOST_DL_TEXT%"
for %%t in (Online Offline Terminate) do call :chk_timeout %%t
if "%C_SeparateMonitor%"=="1" (echo [ok]   SeparateMonitor=1: the guest runs in its own resource monitor) & goto :chk_res_props
echo [fail] SeparateMonitor is not 1: a fault in the CLR or Virtual Server can take down the disks' resource monitor
echo        fix: cluster res "%O_RES%" /prop SeparateMonitor=1   (while the resource is offline)
call :chk_failed
:chk_res_props
echo Properties of "%O_RES%" (what the resource will do; "default" = not set on the resource):
for %%p in (%HAVM_PROPS%) do call :show_prop %%p
exit /b 0
:chk_res_unread
echo [fail] the private properties of "%O_RES%" cannot be read ("cluster res /priv" failed, above)
echo        fix: net start clussvc   (then install.cmd /check again, as a cluster administrator)
call :chk_failed
exit /b 0

rem :chk_timeout Online|Offline|Terminate: the timeout property against PendingTimeout
rem and the deadlock timeout.
:chk_timeout
set "TN=%1TimeoutSeconds"
call set "TV=%%P_%TN%%%"
set "TD=150"
if "%1"=="Terminate" set "TD=120"
rem The value is read as Havm.Net reads it (:vbs_number): "200.0", "0200" and "&HC8" are 200
rem (shown with the text as set); a bad value is warned, and the default is checked.
set "NUMTXT=%TV%"
set "TUSED=%TD%"
set "TNOTE="
if not defined TV goto :chk_timeout_limits
call :vbs_number 1 3600
if errorlevel 1 goto :chk_timeout_bad
set "TUSED=%NUMVAL%"
rem (no quotes around the set: the quotes around the value keep a "&" in it inside quotes)
if not "%TV%"=="%NUMVAL%" set TNOTE= (set as "%TV%")
goto :chk_timeout_limits
:chk_timeout_bad
echo [warn] %TN% is "%TV%", not a whole number from 1 to 3600: Havm.Net uses its last good value, else %TD%
echo        fix: cluster res "%O_RES%" /priv %TN%=%TD%
call :chk_warned
:chk_timeout_limits
set /a "TMS=TUSED * 1000"
if %TMS% GEQ %PT_MS% goto :chk_timeout_pending
if defined DL_MS if %TMS% GEQ %DL_MS% goto :chk_timeout_deadlock
set "DLNOTE=; this node has no deadlock detection"
if defined DL_MS set "DLNOTE= and %DL_TEXT%"
echo [ok]   %TN%=%TUSED%%TNOTE% is inside PendingTimeout %PT_MS% ms%DLNOTE%
exit /b 0
:chk_timeout_pending
set /a "PT_NEED=TMS + 30000"
echo [fail] %TN%=%TUSED%%TNOTE% is not inside the resource's PendingTimeout %PT_MS% ms: the cluster gives up first
echo        fix: cluster res "%O_RES%" /prop PendingTimeout=%PT_NEED%   (or lower %TN%)
call :chk_failed
exit /b 0
:chk_timeout_deadlock
set /a "DL_S=DL_MS / 1000 - 30"
echo [fail] %TN%=%TUSED%%TNOTE% is not inside %DL_TEXT%: the host process would be recycled first
echo        fix: cluster res "%O_RES%" /priv %TN%=%DL_S%
call :chk_failed
exit /b 0

rem :show_prop NAME: one property's effective value, its default marked
:show_prop
call set "PVAL=%%P_%1%%"
set "PDEF="
for %%d in ("UseAdditionsIsAlive=1 = on" "AdditionsIsAliveFailureRecoveryAction=1 = turn off" "AdditionsIsAliveHeartbeatThreshold=0" "HeartbeatMissesBeforeFailure=2" "OnlineTimeoutSeconds=150" "OfflineTimeoutSeconds=150" "TerminateTimeoutSeconds=120" "OfflineAction=1 = save" "DiscardUnrestorableSavedState=0") do call :prop_default %1 %%d
set "PADN=%1                                        "
set "PADN=%PADN:~0,38%"
if defined PVAL goto :show_prop_set
if defined PDEF goto :show_prop_default
if "%1"=="VirtualMachineName" goto :show_prop_none
echo   %PADN% (not written yet)
exit /b 0
:show_prop_set
echo   %PADN% "%PVAL%"
exit /b 0
:show_prop_default
echo   %PADN% %PDEF%  (default)
exit /b 0
:show_prop_none
echo   %PADN% (not set)
exit /b 0
:prop_default
for /f "tokens=1* delims==" %%a in (%2) do if "%%a"=="%1" set "PDEF=%%b"
exit /b 0

rem :readable -> READABLE=1 when FILE exists and can be read from this node
:readable
set "READABLE="
if not exist "%FILE%" exit /b 0
type "%FILE%" > nul 2>&1
if errorlevel 1 exit /b 0
set "READABLE=1"
exit /b 0

rem ---- helpers ---------------------------------------------------------------------
rem :run COMMAND ARGS: prints the command, and runs it unless /whatif.
:run
if defined WHATIF (echo whatif^> %*) & exit /b 0
echo   ^> %*
call %*
if not "%errorlevel%"=="0" goto :run_failed
exit /b 0
:run_failed
set "RCX=%errorlevel%"
echo install.cmd: the command above failed with exit code %RCX%.
exit /b %RCX%

rem :regget KEY VALUENAME ("" = default value) -> REGVAL (empty when missing)
:regget
set "REGVAL="
if "%~2"=="" (reg query "%~1" /ve > "%TMPD%\reg.txt" 2>nul) else (reg query "%~1" /v "%~2" > "%TMPD%\reg.txt" 2>nul)
if errorlevel 1 exit /b 0
for /f "usebackq tokens=* delims=" %%l in ("%TMPD%\reg.txt") do call :regget_line "%%l"
exit /b 0
:regget_line
set "L=%~1"
if "%L:REG_=%"=="%L%" exit /b 0
set "L=%L:*REG_=%"
for /f "tokens=1*" %%a in ("%L%") do set "REGVAL=%%b"
exit /b 0

rem :is_number TEXT MIN MAX -> NUMVAL, errorlevel 0 when TEXT is a whole number in range
rem (read by :vbs_number, as Havm.Net reads a property)
:is_number
set "NUMTXT=%~1"
call :vbs_number %2 %3
exit /b %errorlevel%
rem :vbs_number MIN MAX: reads the text in NUMTXT as Havm.Net reads a number property
rem (VbsValue, ../shared/spec/behaviour.md section 2: VBScript's rules, the same on every
rem node) -> NUMVAL, errorlevel 0 when it is a whole number from MIN to MAX, else 1 (not a
rem number, not whole, or out of range: to Havm.Net a bad value). Accepted: surrounding
rem spaces, a sign, digits with one "." and a fraction, an exponent ("2E2", "2.5E+2"), and
rem a &H hex or &O octal literal of at most 32 bits (the 32nd bit makes it negative).
rem "200.0" and "0200" are 200 (not octal, as set /a would read "0200"), "&HC8" is 200;
rem "200.5", "200,0" and "abc" are bad. No range here is negative or has 10 digits, so a
rem negative value, or one of 10 digits or more, is out of every range.
rem The text is read one character at a time, a double quote made "#" first so that no
rem character can end a quoted string; NM and NF start with "x" so that they are never
rem empty (a substring of an empty variable is not empty text in cmd.exe), and a character
rem past the end is looked at in NP, the text padded with "#" (Wine's cmd.exe can return
rem other memory for an offset past the end).
:vbs_number
set "NUMVAL="
if not defined NUMTXT exit /b 1
set "NT=%NUMTXT:"=#%"
:vbs_number_lead
if not defined NT exit /b 1
if "%NT:~0,1%"==" " (set "NT=%NT:~1%") & goto :vbs_number_lead
:vbs_number_trail
if "%NT:~-1%"==" " (set "NT=%NT:~0,-1%") & goto :vbs_number_trail
set "NM=x"
if not "%NT:~0,1%"=="&" goto :vbs_number_decimal
rem &H / &O: the significant digits in NM (the first one's value in NTOP), their value in NV
set "NRADIX="
set "NP=%NT%##"
if /i "%NP:~1,1%"=="H" set "NRADIX=16"
if /i "%NP:~1,1%"=="O" set "NRADIX=8"
if not defined NRADIX exit /b 1
set "NT=%NT:~2%"
if not defined NT exit /b 1
set "NV=0"
set "NNEG="
:vbs_number_radix
if not defined NT goto :vbs_number_radix_end
call :vbs_digit
set "NT=%NT:~1%"
if not defined ND exit /b 1
if %ND% GEQ %NRADIX% exit /b 1
if "%NM%"=="x" if "%ND%"=="0" goto :vbs_number_radix
if "%NM%"=="x" set "NTOP=%ND%"
set "NM=%NM%%NC%"
set "NP=%NM%############"
rem 32 bits: 8 hex digits; 11 octal digits, the first at most 3
if "%NRADIX%"=="16" if not "%NP:~9,1%"=="#" exit /b 1
if "%NRADIX%"=="8" if not "%NP:~12,1%"=="#" exit /b 1
if "%NRADIX%"=="16" if not "%NP:~8,1%"=="#" if %NTOP% GEQ 8 set "NNEG=1"
if "%NRADIX%"=="8" if not "%NP:~11,1%"=="#" if %NTOP% GEQ 4 exit /b 1
if "%NRADIX%"=="8" if not "%NP:~11,1%"=="#" if %NTOP% GEQ 2 set "NNEG=1"
if not defined NNEG set /a "NV=NV * NRADIX + ND"
goto :vbs_number_radix
:vbs_number_radix_end
if defined NNEG exit /b 1
set "NUMVAL=%NV%"
goto :vbs_number_range
rem [+|-] (digits [. [digits]] | . digits) [(E|e) [+|-] digits]: the integer digits in NM
rem (no leading zero), the fraction's in NF, the exponent in NE
:vbs_number_decimal
set "NF=x"
set "NE=0"
set "NDIGITS="
set "NNEG="
if "%NT:~0,1%"=="+" set "NT=%NT:~1%"
if "%NT:~0,1%"=="-" (set "NNEG=1") & set "NT=%NT:~1%"
:vbs_number_int
if not defined NT goto :vbs_number_value
if "%NT:~0,1%"=="." (set "NT=%NT:~1%") & goto :vbs_number_frac
if /i "%NT:~0,1%"=="E" goto :vbs_number_exp
call :vbs_digit
if not defined ND exit /b 1
if %ND% GEQ 10 exit /b 1
set "NT=%NT:~1%"
set "NDIGITS=1"
if "%NM%"=="x" if "%ND%"=="0" goto :vbs_number_int
set "NM=%NM%%ND%"
goto :vbs_number_int
:vbs_number_frac
if not defined NT goto :vbs_number_value
if /i "%NT:~0,1%"=="E" goto :vbs_number_exp
call :vbs_digit
if not defined ND exit /b 1
if %ND% GEQ 10 exit /b 1
set "NT=%NT:~1%"
set "NDIGITS=1"
set "NF=%NF%%ND%"
goto :vbs_number_frac
:vbs_number_exp
if not defined NDIGITS exit /b 1
set "NT=%NT:~1%"
set "NESIGN="
if not defined NT exit /b 1
if "%NT:~0,1%"=="+" set "NT=%NT:~1%"
if not defined NT exit /b 1
if "%NT:~0,1%"=="-" (set "NESIGN=-") & set "NT=%NT:~1%"
if not defined NT exit /b 1
:vbs_number_exp_digit
if not defined NT goto :vbs_number_exp_end
call :vbs_digit
if not defined ND exit /b 1
if %ND% GEQ 10 exit /b 1
set "NT=%NT:~1%"
rem past 9999 the value can only be 0, not whole, too large or infinite
if %NE% LSS 10000 set /a "NE=NE * 10 + ND"
goto :vbs_number_exp_digit
:vbs_number_exp_end
if "%NESIGN%"=="-" set /a "NE=0 - NE"
:vbs_number_value
if not defined NDIGITS exit /b 1
rem the value is NM.NF * 10^NE: move the point NE places; then NF must be only zeros
:vbs_number_shift
if %NE% GTR 0 if not "%NF%"=="x" (set "NM=%NM%%NF:~1,1%") & (set "NF=x%NF:~2%") & (set /a "NE-=1") & goto :vbs_number_shift
if %NE% LSS 0 if not "%NM%"=="x" (set "NF=x%NM:~-1%%NF:~1%") & (set "NM=%NM:~0,-1%") & (set /a "NE+=1") & goto :vbs_number_shift
:vbs_number_fzero
if "%NF:~-1%"=="0" (set "NF=%NF:~0,-1%") & goto :vbs_number_fzero
if not "%NF%"=="x" exit /b 1
:vbs_number_lzero
if "%NM:~1,1%"=="0" (set "NM=x%NM:~2%") & goto :vbs_number_lzero
if "%NM%"=="x" set "NM=x0"
if "%NM%"=="x0" set "NNEG="
set "NP=%NM%############"
if not "%NP:~10,1%"=="#" exit /b 1
if "%NM%"=="x0" goto :vbs_number_whole
rem what is left of a positive exponent: zeros after NM
if %NE% GTR 9 exit /b 1
if %NE% GTR 0 (set "NM=%NM%0") & (set /a "NE-=1") & goto :vbs_number_lzero
:vbs_number_whole
if defined NNEG exit /b 1
set "NUMVAL=%NM:~1%"
:vbs_number_range
if %NUMVAL% LSS %1 exit /b 1
if %NUMVAL% GTR %2 exit /b 1
exit /b 0
rem :vbs_digit: ND = the value of the first character of NT as a hexadecimal digit, empty
rem when it is none
:vbs_digit
set "ND="
set "NC=%NT:~0,1%"
for %%d in (0 1 2 3 4 5 6 7 8 9) do if "%NC%"=="%%d" set "ND=%%d"
if /i "%NC%"=="A" set "ND=10"
if /i "%NC%"=="B" set "ND=11"
if /i "%NC%"=="C" set "ND=12"
if /i "%NC%"=="D" set "ND=13"
if /i "%NC%"=="E" set "ND=14"
if /i "%NC%"=="F" set "ND=15"
exit /b 0

:usage
echo Havm.Net install.cmd: installs Havm.Net on this cluster node and creates or migrates the
echo Generic Script resource of a Virtual Server 2005 R2 guest. Run it as an administrator.
echo.
echo   install.cmd [/runtime net40^|net10] [/noshutdownscript]
echo       Install on this node: havm-wrapper.vbs into %%windir%%\Cluster, the Havm.Net COM class
echo       into %%windir%%\Cluster\Havm.Net registered for every bitness of the node, and a
echo       shutdown script that stops the Cluster service (so that a node shutting down moves
echo       and saves its guests). net40 (default) uses .NET Framework 4 and regasm; net10 uses
echo       the .NET 10 runtime and regsvr32. /noshutdownscript leaves the shutdown script out.
echo   install.cmd /vm VM /group GROUP /disk DISK [/resource NAME] [/vmc PATH [/vnc PATH[;PATH]]]
echo         [/restarts N [/period SECONDS] ^| /nofailover]
echo       Also create or update the Generic Script resource NAME (default VMScript) in GROUP:
echo       ScriptFilepath = the wrapper, a dependency on DISK, every node as possible owner,
echo       VirtualMachineName = VM, SeparateMonitor = 1. The resource is left offline.
echo       /vmc PATH: the guest's .vmc on the group's disk (VirtualMachineConfigurationPath);
echo       /vnc PATH[;PATH]: its virtual networks' .vnc files (VirtualNetworkConfigurationPaths).
echo       With them any node registers the guest at Online; without them Online fills them in
echo       on the node that already knows the guest.
echo       /restarts N /period SECONDS: if the guest stops responding, restart it on the same
echo       node up to N times within SECONDS, then fail over (N = 0: fail over at once).
echo       /nofailover: always restart it on the same node.
echo   install.cmd /migrate NAME [/restarts N [/period SECONDS] ^| /nofailover]
echo       Point the existing Havm.vbs resource NAME at the wrapper (it must be offline);
echo       its private properties are kept: Havm.Net reads the same names.
echo   install.cmd /uninstall
echo       Unregister and remove Havm.Net from this node (refused while a resource uses it).
echo   install.cmd /check [/vm VM ^| /resource NAME]
echo       Check this node and each Havm.Net resource (or the one named), changing nothing:
echo       one line per check, [ok], [warn] or [fail] with the command that fixes it, and the
echo       effective value of every Havm.Net property. Exit code 0 only when no check fails.
echo   /whatif   print every command that would change something, and run none.
echo   /?        this text.
echo.
echo Example (then run "install.cmd" on every other node):
echo   install.cmd /vm Guest1 /group Guest1Group /disk DiskResourceX /restarts 3 /period 900
exit /b 0
