@echo off
rem Stand-in for cluster.exe (tests only). Appends its arguments to %HAVM_FAKE_CLUSTER%\calls.log
rem and answers from a small state folder, in cluster.exe's output format:
rem   nodes.txt                 one node name a line
rem   groups\G                  group G exists
rem   res\R\status, res\R\group the resource R, its state and group
rem   res\R\node                its owner node (default NODE1)
rem   res\R\priv\P, res\R\prop\P  its private and common properties (file content = value)
rem   res\R\deps\D, res\R\owners\N  its dependencies and possible owners
rem   cluster\P                 the cluster's own properties ("cluster /prop")
rem   fail-OP                   the operation OP (create, adddep, addowner, priv, prop) fails
rem Names are printed through FOR variables, never as %VAR% on an echo line, so that a name
rem with & ^ ( ) = ! or spaces comes out as it went in. Batch parameters split at "=", so
rem "/priv Name="Value"" arrives as %4 Name, %5 "Value".
setlocal EnableExtensions DisableDelayedExpansion
set "S=%HAVM_FAKE_CLUSTER%"
>> "%S%\calls.log" echo %*
if /i "%~1"=="node" goto :node
if /i "%~1"=="group" goto :group
if /i "%~1"=="/prop" goto :cluster_props
if /i not "%~1"=="res" (echo unknown command & exit /b 87)
if /i "%~2"=="/priv" goto :allpriv
set "R=%~2"
set "D=%S%\res\%~2"
set "OP=%~3"
if "%OP%"=="" goto :status
if not exist "%D%" if /i not "%OP%"=="/create" (echo System error 5007 has occurred ^(0x0000138f^). & echo The cluster resource could not be found. & exit /b 5007)
set "T=%OP:~1%"
for /f "delims=:" %%t in ("%T%") do set "T=%%t"
for %%o in (create delete priv prop adddep addowner listdep listowners offline online) do if /i "%T%"=="%%o" goto :op_%%o
echo unknown option %OP%
exit /b 87

:failing
if exist "%S%\fail-%1" echo System error 5003 has occurred.
if exist "%S%\fail-%1" exit /b 5003
exit /b 0

:node
echo Listing status for all available nodes:
echo.
echo Node           Node ID Status
echo -------------- ------- ---------------------
for /f "usebackq tokens=*" %%n in ("%S%\nodes.txt") do call :node_row %%n
exit /b 0
:node_row
echo %1                1 Up
exit /b 0

:group
if not exist "%S%\groups\%~2" (echo System error 5013 has occurred ^(0x00001395^). & echo The cluster group could not be found. & exit /b 5013)
echo Listing status for resource group '%~2':
echo.
echo Group                Node            Status
echo -------------------- --------------- ------
for /f "eol=| delims=" %%g in ("%~2") do echo %%g          NODE1           Offline
exit /b 0

:status
if not exist "%D%" (echo System error 5007 has occurred ^(0x0000138f^). & echo The cluster resource could not be found. & exit /b 5007)
set /p ST=<"%D%\status"
set "G="
set /p G=<"%D%\group"
set "N=NODE1"
if exist "%D%\node" set /p N=<"%D%\node"
echo Listing status for resource:
echo.
echo Resource             Group                Node            Status
echo -------------------- -------------------- --------------- ------
for /f "eol=| delims=" %%r in ("%R%") do for /f "eol=| delims=" %%g in ("%G%") do echo %%r         %%g          %N%           %ST%
exit /b 0

:op_create
call :failing create
if errorlevel 1 exit /b 5003
set "G=%~4"
set "G=%G:*:=%"
md "%D%\priv" "%D%\prop" "%D%\deps" "%D%\owners"
> "%D%\status" echo Offline
for /f "eol=| delims=" %%g in ("%G%") do > "%D%\group" echo %%~g
for /f "usebackq tokens=*" %%n in ("%S%\nodes.txt") do type nul > "%D%\owners\%%n"
echo Creating resource...
exit /b 0
:op_delete
rd /s /q "%D%"
exit /b 0
:op_offline
> "%D%\status" echo Offline
exit /b 0
:op_online
> "%D%\status" echo Online
exit /b 0
:op_adddep
call :failing adddep
if errorlevel 1 exit /b 5003
set "V=%OP:*:=%"
for /f "eol=| delims=" %%x in ("%V%") do type nul > "%D%\deps\%%~x"
exit /b 0
:op_addowner
call :failing addowner
if errorlevel 1 exit /b 5003
set "V=%OP:*:=%"
for %%x in (%V%) do type nul > "%D%\owners\%%~x"
exit /b 0
:op_listdep
rem A plain "for" over the folder's files lists them without starting a second cmd.exe (under load Wine now and then
rem fails to start one, and a listing came back empty); pushd first, as Wine's "for" matches no quoted wildcard.
echo Listing resource dependencies:
echo.
echo Resource             Group                Node            Status
echo -------------------- -------------------- --------------- ------
pushd "%D%\deps"
for %%f in (*) do echo %%~nxf        Guest1Group          NODE1           Online
popd
exit /b 0
:op_listowners
echo Listing possible owners:
echo.
echo Possible Owner Nodes
echo --------------------
pushd "%D%\owners"
for %%f in (*) do echo %%~nxf
popd
exit /b 0

:op_priv
set "KIND=priv"
set "LETTER=S"
goto :props
:op_prop
set "KIND=prop"
set "LETTER=D"
:props
if "%~4"=="" goto :list_props
call :failing %KIND%
if errorlevel 1 exit /b 5003
:set_next
if "%~4"=="" exit /b 0
set "PNAME=%~4"
set "PVAL=%~5"
type nul > "%D%\%KIND%\%PNAME%"
rem Wine's cmd expands a "%" inside a batch parameter again, so %windir% cannot be taken
rem from %5; install.cmd sets ScriptFilepath only to the wrapper, as the guide types it.
if /i "%PNAME%"=="ScriptFilepath" (copy /y "%~dp0wrapper-path.txt" "%D%\%KIND%\%PNAME%" >nul) & goto :set_shift
if defined PVAL for /f "eol=| delims=" %%v in ("%PVAL%") do > "%D%\%KIND%\%PNAME%" echo %%v
:set_shift
shift
shift
goto :set_next
:list_props
echo Listing properties:
echo.
echo T  Resource             Name                           Value
echo -- -------------------- ------------------------------ -----------------------
pushd "%D%\%KIND%"
for %%f in (*) do call :prop_row "%%~ff" %%~nxf
popd
exit /b 0
:prop_row
set "V="
set /p V=<"%~1"
if "%LETTER%"=="D" set "V=%V% (0x%V%)"
if not defined V goto :prop_row_empty
for /f "eol=| delims=" %%r in ("%R%") do for /f "eol=| delims=" %%v in ("%V%") do echo %LETTER%  %%r         %2                 %%v
exit /b 0

:prop_row_empty
for /f "eol=| delims=" %%r in ("%R%") do echo %LETTER%  %%r         %2
exit /b 0

:allpriv
echo Listing private properties for all resources:
echo.
echo T  Resource             Name                           Value
echo -- -------------------- ------------------------------ -----------------------
set "KIND=priv"
set "LETTER=S"
pushd "%S%\res"
for /d %%r in (*) do (
  set "R=%%~nxr"
  call :allpriv_res
)
popd
exit /b 0
:allpriv_res
set "D=%S%\res\%R%"
pushd "%D%\priv"
for %%f in (*) do call :prop_row "%%~ff" %%~nxf
popd
exit /b 0

:cluster_props
echo Listing properties for the cluster:
echo.
echo T  Cluster              Name                           Value
echo -- -------------------- ------------------------------ -----------------------
if not exist "%S%\cluster" exit /b 0
pushd "%S%\cluster"
for %%f in (*) do call :cluster_prop_row "%%~ff" %%~nxf
popd
exit /b 0
:cluster_prop_row
set /p V=<"%~1"
echo D  CLUSTER1             %2                 %V% (0x%V%)
exit /b 0
