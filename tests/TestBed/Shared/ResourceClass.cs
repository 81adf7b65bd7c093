using System.Globalization;
using System.Text;

namespace Havm.TestBed;

/// <summary>
/// The cluster's <c>Resource</c> object as a VBScript Class, shared by the test bed's host (which instantiates it in a
/// second engine) and the bench's native host (cscript, where it precedes the script in one file). It calls back
/// into a global <c>Host</c> object: <c>Host.Log</c> (Resource.LogInformation) and <c>Host.Trace</c>.
/// </summary>
public static class ResourceClass
{
    /// <summary>The private properties the Havm.vbs and Havm.Net scripts know (behaviour.md section 2).</summary>
    public static readonly string[] PropertyNames =
    {
        "VirtualMachineName", "UseAdditionsIsAlive", "AdditionsIsAliveFailureRecoveryAction",
        "AdditionsIsAliveHeartbeatThreshold", "HeartbeatMissesBeforeFailure", "OnlineTimeoutSeconds",
        "OfflineTimeoutSeconds", "TerminateTimeoutSeconds", "OfflineAction", "DiscardUnrestorableSavedState",
        "LastOnlineNode", "VirtualMachineConfigurationPath", "VirtualNetworkConfigurationPaths", "StaleSavedStateNode",
    };

    /// <summary>The VBScript Class (one Public member per line: Wine's parser needs it).</summary>
    public static string Text()
    {
        var sb = new StringBuilder();
        sb.Append("""
            Option Explicit
            Class ClusterResource
                Private props
                Private resName
                Private Sub Class_Initialize()
                    Set props = CreateObject("Scripting.Dictionary")
                    props.CompareMode = 1
                End Sub
                Public Sub SetName(n)
                    resName = n
                End Sub
                Public Property Get Name
                    Name = resName
                End Property
                Public Sub LogInformation(text)
                    Host.Log CStr(text)
                End Sub
                Public Function PropertyExists(n)
                    PropertyExists = props.Exists(CStr(n))
                End Function
                Public Sub AddProperty(n)
                    If Not props.Exists(CStr(n)) Then props.Add CStr(n), Empty
                    Host.Trace "AddProperty " & n
                End Sub
                Public Sub RemoveProperty(n)
                    If props.Exists(CStr(n)) Then props.Remove CStr(n)
                    Host.Trace "RemoveProperty " & n
                End Sub
                Private Function GetP(n)
                    If Not props.Exists(n) Then
                        Host.Trace "read of missing property " & n
                        Err.Raise &H80020006, "Resource", "The private property " & n & " does not exist."
                    End If
                    GetP = props(n)
                End Function
                Private Sub SetP(n, v)
                    If Not props.Exists(n) Then
                        Host.Trace "write of missing property " & n
                        Err.Raise &H80020006, "Resource", "The private property " & n & " does not exist."
                    End If
                    Dim t
                    t = VarType(v)
                    If t = 2 Or t = 3 Or t = 11 Or t = 17 Then
                        props(n) = CLng(v)
                    Else
                        props(n) = v
                    End If
                    Host.Trace "set " & n & " = " & v
                End Sub
                Public Sub Define(n, v)
                    If Not props.Exists(CStr(n)) Then props.Add CStr(n), Empty
                    If IsEmpty(v) Then
                        props(CStr(n)) = Empty
                    ElseIf VarType(v) = 8 Then
                        props(CStr(n)) = CStr(v)
                    Else
                        props(CStr(n)) = CLng(v)
                    End If
                End Sub
                Public Function Dump()
                    Dim k, s
                    s = ""
                    For Each k In props.Keys
                        s = s & k & vbTab & TypeName(props(k)) & vbTab & props(k) & vbLf
                    Next
                    Dump = s
                End Function

            """);
        foreach (var p in PropertyNames)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    Public Property Get {p}\n        {p} = GetP(\"{p}\")\n    End Property\n");
            sb.Append(CultureInfo.InvariantCulture, $"    Public Property Let {p}(v)\n        SetP \"{p}\", v\n    End Property\n");
        }

        sb.Append("End Class\nDim Resource\nSet Resource = New ClusterResource\n");
        return sb.ToString().Replace("\n", "\r\n", StringComparison.Ordinal);
    }
}
