' Havm.Net: the Generic Script resource script for a Virtual Server 2005 R2 guest (replaces Havm.vbs).
' All behaviour lives in the COM class Havm.GenericScript, which install.cmd registers on every node. Each entry
' point presets its failure value (1627 ERROR_FUNCTION_FAILED, or False) before anything can fail, then returns
' the class's answer. Havm() creates the class once per script load (it keeps no state; creating it costs
' about a millisecond, on every poll) and, while it cannot be created, logs why on each call. Raised logs a call
' that raised although the class was created (a half-finished upgrade, a missing file); for the two polls at most
' once every 5 minutes.
Function Open() : Open = 1627 : On Error Resume Next : Open = Havm().Open(Resource) : Raised "Open" : End Function
Function Online() : Online = 1627 : On Error Resume Next : Online = Havm().Online(Resource) : Raised "Online" : End Function
Function LooksAlive() : LooksAlive = False : On Error Resume Next : LooksAlive = Havm().LooksAlive(Resource) : Raised "LooksAlive" : End Function
Function IsAlive() : IsAlive = False : On Error Resume Next : IsAlive = Havm().IsAlive(Resource) : Raised "IsAlive" : End Function
Function Offline() : Offline = 1627 : On Error Resume Next : Offline = Havm().Offline(Resource) : Raised "Offline" : End Function
Function Terminate() : Terminate = 1627 : On Error Resume Next : Terminate = Havm().Terminate(Resource) : Raised "Terminate" : End Function
Function Close() : Close = 1627 : On Error Resume Next : Close = Havm().Close(Resource) : Raised "Close" : End Function

Dim com, quietUntil

' The COM class, created on the first call of a script load. While it cannot be created, each call logs why and gets
' Empty, so that the entry point's call raises and its preset value stands.
Function Havm()
    On Error Resume Next
    If IsEmpty(com) Then Set com = CreateObject("Havm.GenericScript")
    If Err.Number <> 0 Then Tell "the COM class Havm.GenericScript cannot be created on node {node} (error 0x" & Hex(Err.Number) & _
        "): it is not registered, is registered for the other bitness, or .NET is missing. Run install.cmd on node {node} to fix it."
    Set Havm = com
End Function

' After an entry point's call: logs the error it raised, unless the class was never created (Havm logged that).
' LooksAlive and IsAlive log at most once every 5 minutes; a clock set back ends the quiet.
Sub Raised(entry)
    If Err.Number = 0 Or Not IsObject(com) Then Exit Sub
    text = entry & " failed on node {node}: Havm.GenericScript raised error 0x" & Hex(Err.Number) & " (" & Err.Description
    On Error Resume Next
    If entry = "LooksAlive" Or entry = "IsAlive" Then
        If CDbl(Now) < quietUntil And quietUntil - CDbl(Now) <= 300 / 86400 Then Exit Sub
        quietUntil = CDbl(Now) + 300 / 86400 : text = text & "; logged at most once every 5 minutes while it repeats"
    End If
    Tell text & "). The COM class is installed but does not work (a half-finished upgrade or a missing file): run install.cmd on" & _
        " node {node} to fix it."
End Sub

' One failure line, naming this node (the process's COMPUTERNAME: Wine's WScript.Network has none), and saying
' that the guest may still be running there.
Sub Tell(text)
    On Error Resume Next
    node = CreateObject("WScript.Shell").Environment("PROCESS")("COMPUTERNAME")
    Resource.LogInformation "Havm.Net: " & Replace(text, "{node}", node) & " The guest may still be running on node " & node & "."
End Sub
