@echo off
rem Stand-in for gpupdate.exe (tests only; Wine has none): records its arguments.
>> "%HAVM_FAKE_CLUSTER%\calls.log" echo gpupdate %*
echo Updating policy...
exit /b 0
