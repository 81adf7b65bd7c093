using System.Globalization;
using System.Text.Json;

namespace Havm.TestBed.Host;

/// <summary>
/// The fake Virtual Server's control object ("Havm.TestBed.VirtualServerControl"), created through COM so that
/// it lands in the same AssemblyLoadContext as the VirtualServer.Application objects the COM class creates.
/// Calls go through compiled <c>dynamic</c> call sites (safe under Wine, NOTES.md limit 2).
/// </summary>
internal sealed class FakeControl
{
    private readonly dynamic _control;

    private FakeControl(object control) => _control = control;

    public static FakeControl? TryCreate(out string? error)
    {
        var type = Type.GetTypeFromProgID("Havm.TestBed.VirtualServerControl");
        if (type is null)
        {
            error = "Havm.TestBed.VirtualServerControl is not registered";
            return null;
        }

        error = null;
        return new FakeControl(Activator.CreateInstance(type)!);
    }

    public string CallLog => (string)_control.CallLog;

    public string Guests => (string)_control.Guests;

    public void SaveState(string path) => _control.SaveState(path);

    public void LoadState(string path) => _control.LoadState(path);

    public void RestoreRegistration() => _control.RestoreRegistration();

    public int ProcessId => (int)_control.ProcessId;

    /// <summary>(member calls, activations) so far; (-1, -1) when the fake cannot be asked.</summary>
    public (long Calls, long Activations) Counters()
    {
        try
        {
            var parts = ((string)_control.Counters).Split(' ');
            return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
        }
#pragma warning disable CA1031 // a fake that cannot be asked (restarting, not registered) leaves the step uncounted
        catch (Exception)
#pragma warning restore CA1031
        {
            return (-1, -1);
        }
    }

    /// <summary>Runs one control method named in a plan step; returns what it returned, as text.</summary>
    public string Do(string method, IReadOnlyList<JsonElement> a)
    {
        string S(int i) => a[i].ValueKind == JsonValueKind.String ? a[i].GetString()! : a[i].ToString();
        int I(int i) => a[i].ValueKind == JsonValueKind.String
            ? unchecked((int)long.Parse(a[i].GetString()!.Replace("0x", "", StringComparison.OrdinalIgnoreCase), NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            : unchecked((int)a[i].GetInt64());
        bool B(int i) => a[i].ValueKind == JsonValueKind.True || (a[i].ValueKind == JsonValueKind.Number && a[i].GetInt32() != 0);

        switch (method)
        {
            case "Reset": _control.Reset(); return "";
            case "AddGuest": _control.AddGuest(S(0), I(1)); return "";
            case "RemoveGuest": _control.RemoveGuest(S(0)); return "";
            case "SetState": _control.SetState(S(0), I(1)); return "";
            case "GetState": return ((int)_control.GetState(S(0))).ToString(CultureInfo.InvariantCulture);
            case "SetHeartbeat": _control.SetHeartbeat(S(0), B(1), I(2)); return "";
            case "SetAdditions": _control.SetAdditions(S(0), B(1)); return "";
            case "SetConfiguration": _control.SetConfiguration(S(0), B(1), I(2), I(3), I(4)); return "";
            case "Fail": _control.Fail(S(0), I(1), I(2)); return "";
            case "FailAfter": _control.FailAfter(S(0), I(1), I(2)); return "";
            case "Block": _control.Block(S(0), I(1), I(2)); return "";
            case "SetTaskPlan": _control.SetTaskPlan(S(0), S(1), I(2), I(3), B(4), I(5), I(6)); return "";
            case "ScheduleState": _control.ScheduleState(S(0), I(1), I(2)); return "";
            case "WaitCapMs": _control.SetWaitCapMs(I(0)); return "";
            case "Disconnect": _control.Disconnect(); return "";
            case "Kill": _control.Disconnect(); _control.Fail("Create", unchecked((int)0x80080005), -1); return "Virtual Server gone (in-process fake: disconnected, cannot be created)";
            case "Exit": _control.Exit(); return "";
            case "CallCount": return ((int)_control.CallCount(S(0))).ToString(CultureInfo.InvariantCulture);
            case "ClearLog": _control.ClearLog(); return "";
            case "Guests": return Guests;
            case "Note": _control.Note(S(0)); return "";
            case "BreakComClass": _control.BreakComClass(); return "";
            case "SetNode": _control.SetNode(S(0)); return "";
            case "PlaceGuest": _control.PlaceGuest(S(0), I(1), S(2), S(3)); return "";
            case "AddNetwork": _control.AddNetwork(S(0), S(1), S(2)); return "";
            case "SetGuestFiles": _control.SetGuestFiles(S(0), S(1), S(2), S(3)); return "";
            case "SetFile": _control.SetFile(S(0), B(1)); return "";
            default: throw new ArgumentException("unknown fake control method " + method, nameof(method));
        }
    }
}
