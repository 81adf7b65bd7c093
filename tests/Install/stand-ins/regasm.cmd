@echo off
rem Stand-in for regasm.exe (tests only): called as regasm.cmd BITS ARGS... through
rem regasm64.cmd / regasm32.cmd. Appends "regasmBITS ARGS" to %HAVM_FAKE_CLUSTER%\calls.log and
rem writes or removes the registry entries regasm /codebase would (ProgID, CLSID, CodeBase).
setlocal EnableExtensions DisableDelayedExpansion
set "BITS=%1"
shift
>> "%HAVM_FAKE_CLUSTER%\calls.log" echo regasm%BITS% %1 %2 %3
if exist "%HAVM_FAKE_CLUSTER%\fail-regasm%BITS%" (echo RegAsm : error RA0000 : stand-in failure & exit /b 100)
set "CLSID={5C1A3A5E-0000-4000-8000-00000000CAFE}"
set "VIEW=HKLM\SOFTWARE\Classes"
if "%BITS%"=="32" set "VIEW=HKLM\SOFTWARE\Wow6432Node\Classes"
set "DLL=%~3"
if /i "%2"=="/unregister" goto :unregister
if not exist "%DLL%" (echo RegAsm : error RA0000 : Unable to locate input assembly '%DLL%' & exit /b 100)
set "CB=file:///%DLL:\=/%"
reg add "HKLM\SOFTWARE\Classes\Havm.GenericScript\CLSID" /ve /d "%CLSID%" /f >nul
reg add "%VIEW%\CLSID\%CLSID%\InprocServer32" /ve /d mscoree.dll /f >nul
reg add "%VIEW%\CLSID\%CLSID%\InprocServer32" /v CodeBase /d "%CB%" /f >nul
echo Types registered successfully
exit /b 0
:unregister
reg delete "%VIEW%\CLSID\%CLSID%" /f >nul 2>&1
if "%BITS%"=="64" reg delete "HKLM\SOFTWARE\Classes\Havm.GenericScript" /f >nul 2>&1
echo Types un-registered successfully
exit /b 0
