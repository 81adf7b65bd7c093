' Havm.Net: the Generic Script resource script for a Virtual Server 2005 R2 guest (replaces Havm.vbs).
' All behaviour lives in the COM class Havm.GenericScript, which install.cmd registers on every node. Each entry
' point presets its failure value (1627 ERROR_FUNCTION_FAILED, or False) before anything can fail, then returns
' the class's answer. Havm() creates the class once per script load (it keeps no state; creating it costs
' about a millisecond, on every poll) and, while it cannot be created, logs why on each call.
Function Open() : Open = 1627 : On Error Resume Next : Open = Havm().Open(Resource) : End Function
Function Online() : Online = 1627 : On Error Resume Next : Online = Havm().Online(Resource) : End Function
Function LooksAlive() : LooksAlive = False : On Error Resume Next : LooksAlive = Havm().LooksAlive(Resource) : End Function
Function IsAlive() : IsAlive = False : On Error Resume Next : IsAlive = Havm().IsAlive(Resource) : End Function
Function Offline() : Offline = 1627 : On Error Resume Next : Offline = Havm().Offline(Resource) : End Function
Function Terminate() : Terminate = 1627 : On Error Resume Next : Terminate = Havm().Terminate(Resource) : End Function
Function Close() : Close = 1627 : On Error Resume Next : Close = Havm().Close(Resource) : End Function

Dim com
Function Havm() : On Error Resume Next : If IsEmpty(com) Then Set com = CreateObject("Havm.GenericScript") : If Err.Number <> 0 Then code = Hex(Err.Number) : node = "(this node)" : node = CreateObject("WScript.Network").ComputerName : Resource.LogInformation "Havm.Net: the COM class Havm.GenericScript cannot be created on node " & node & " (error 0x" & code & "): it is not registered, is registered for the other bitness, or .NET is missing. Run install.cmd on node " & node & " to fix it."
    Set Havm = com : End Function
