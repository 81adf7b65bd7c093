@echo off
rem Stand-in for net.exe as a user without administrator rights (tests only).
echo System error 5 has occurred.
echo Access is denied.
exit /b 2
