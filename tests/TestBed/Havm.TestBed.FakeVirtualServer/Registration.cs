using Microsoft.Win32;

namespace Havm.TestBed.FakeVirtualServer;

/// <summary>
/// "Virtual Server cannot be reached": CoCreateInstance of VirtualServer.Application fails natively, as it does
/// when the real (out-of-process) server cannot be started. Done in the registry, not by throwing from the fake's
/// constructor: under Wine 8 a managed exception thrown out of the COM host's class factory makes the calling
/// thread fail the process when it ends (the Havm.Net worker thread ends at Close).
/// The ProgID is pointed at a class whose local server does not exist; <see cref="Restore"/> points it back.
/// </summary>
internal static class Registration
{
    /// <summary>VirtualServer.Application and the control object: in the host's process (comhost) or in the fake's own.</summary>
    public const string InProcessClassId = "{5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E10}";
    public const string InProcessControlId = "{5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E21}";
    public const string LocalServerClassId = "{5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E40}";
    public const string LocalServerControlId = "{5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E41}";

    /// <summary>Set by the fake's own process (the local server): its ProgIDs name its classes.</summary>
    public static bool OutOfProcess { get; set; }

    private static string FakeClassId => OutOfProcess ? LocalServerClassId : InProcessClassId;
    private const string DeadClassId = "{5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4EFF}";

    public static void MakeUnreachable()
    {
        using (var server = Registry.ClassesRoot.CreateSubKey($@"CLSID\{DeadClassId}\LocalServer32"))
        {
            server.SetValue("", @"C:\Program Files\Microsoft Virtual Server\vssrvc-missing.exe");
        }

        using var progId = Registry.ClassesRoot.CreateSubKey(@"VirtualServer.Application\CLSID");
        progId.SetValue("", DeadClassId);
        World.Note("[control] VirtualServer.Application now points at a server that cannot start (CoCreateInstance fails)");
    }

    /// <summary>The real Havm.GenericScript (src/Havm.ComHost/ComIds.cs) and the test bed's broken one.</summary>
    private const string ComClassId = "{D024A703-20CC-4786-99B9-BDF77C430A71}";
    private const string BrokenComClassId = "{5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E31}";

    /// <summary>Points the ProgID Havm.GenericScript at <see cref="BrokenGenericScript"/> until <see cref="Restore"/>.</summary>
    public static void BreakComClass()
    {
        using var progId = Registry.ClassesRoot.CreateSubKey(@"Havm.GenericScript\CLSID");
        progId.SetValue("", BrokenComClassId);
        World.Note("[control] Havm.GenericScript now names a class whose every call raises (a half-finished upgrade)");
    }

    /// <summary>Undoes <see cref="MakeUnreachable"/> and <see cref="BreakComClass"/>.</summary>
    public static void Restore()
    {
        using (var comClass = Registry.ClassesRoot.OpenSubKey(@"Havm.GenericScript\CLSID", writable: true))
        {
            if (comClass is not null && !string.Equals(comClass.GetValue("") as string, ComClassId, StringComparison.OrdinalIgnoreCase))
            {
                comClass.SetValue("", ComClassId);
            }
        }

        using var progId = Registry.ClassesRoot.OpenSubKey(@"VirtualServer.Application\CLSID", writable: true);
        if (progId is not null && !string.Equals(progId.GetValue("") as string, FakeClassId, StringComparison.OrdinalIgnoreCase))
        {
            progId.SetValue("", FakeClassId);
        }
    }
}
