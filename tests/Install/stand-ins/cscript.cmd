@echo off
rem Stand-in for cscript.exe running install.cmd's /check probe (tests only; HAVM_CSCRIPT).
rem Called as: cscript.cmd //nologo PROBE.vbs com|vm, the guest's name in HAVM_PROBE_VM.
rem Answers as the probe would, from %HAVM_FAKE_CLUSTER%:
rem   com-fail        "com": Havm.GenericScript cannot be created
rem   vs\NAME         "vm": the guest NAME is registered; the file holds its .vmc path
rem   vs-novs         "vm": VirtualServer.Application cannot be created
setlocal EnableExtensions DisableDelayedExpansion
set "S=%HAVM_FAKE_CLUSTER%"
>> "%S%\calls.log" echo cscript %3 "%HAVM_PROBE_VM%"
if not exist "%~2" (echo probe missing: %2 & exit /b 1)
if /i "%~3"=="com" goto :com
if exist "%S%\vs-novs" (echo NOVS 1AD ActiveX component can't create object & exit /b 0)
if not exist "%S%\vs\%HAVM_PROBE_VM%" (echo UNREGISTERED & exit /b 0)
set /p F=<"%S%\vs\%HAVM_PROBE_VM%"
for /f "eol=| delims=" %%f in ("%F%") do echo REGISTERED %%f
exit /b 0
:com
if exist "%S%\com-fail" (echo ERR 80040154 Class not registered & exit /b 0)
echo CREATED
exit /b 0
