@echo off
rem Stand-in for sc.exe (tests only): "sc query NAME" answers from
rem %HAVM_FAKE_CLUSTER%\vs-service (running, stopped or absent; default running).
>> "%HAVM_FAKE_CLUSTER%\calls.log" echo sc %*
set "VSS=running"
if exist "%HAVM_FAKE_CLUSTER%\vs-service" set /p VSS=<"%HAVM_FAKE_CLUSTER%\vs-service"
if /i "%VSS%"=="absent" (echo [SC] EnumQueryServicesStatus:OpenService FAILED 1060: & echo. & echo The specified service does not exist as an installed service. & exit /b 1060)
set "CODE=4  RUNNING"
if /i "%VSS%"=="stopped" set "CODE=1  STOPPED"
echo.
echo SERVICE_NAME: Virtual Server
echo         TYPE               : 10  WIN32_OWN_PROCESS
echo         STATE              : %CODE%
echo         WIN32_EXIT_CODE    : 0  (0x0)
exit /b 0
