@echo off
rem Stand-in for fltmc.exe as a user without administrator rights (tests only).
echo [SC] OpenSCManager FAILED 5: Access is denied.
exit /b 5
