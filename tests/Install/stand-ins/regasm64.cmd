@echo off
call "%~dp0regasm.cmd" 64 %*
