using Havm.TestBed.FakeVirtualServer;
using Microsoft.Win32;

namespace Havm.TestBed.VirtualServerService;

/// <summary>
/// /regserver: registers this program as the local server of VirtualServer.Application and of the control object
/// (LocalServer32: CreateObject starts it when it does not run) and points both ProgIDs at it. Virtual Server itself
/// names its service in an AppID (LocalService); Wine 8 does not reach a class factory registered from a service, so
/// the bed does not. /unregserver: removes that and points the ProgIDs back at the in-process fake (the comhost).
/// </summary>
internal static class LocalServerRegistration
{
    /// <summary>An AppID an earlier version of the bed wrote (LocalService); removed.</summary>
    private const string AppId = "{5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E4A}";

    public static int Write(bool register, string exe)
    {
        var classes = new[] { Registration.LocalServerClassId, Registration.LocalServerControlId };
        if (register)
        {
            Registry.ClassesRoot.DeleteSubKeyTree($@"AppID\{AppId}", throwOnMissingSubKey: false);
            foreach (var clsid in classes)
            {
                using var key = Registry.ClassesRoot.CreateSubKey($@"CLSID\{clsid}");
                key.SetValue("", "Havm.Net test bed: fake Virtual Server (local server)");
                using var server = key.CreateSubKey("LocalServer32");
                server.SetValue("", exe);
            }
        }
        else
        {
            Registry.ClassesRoot.DeleteSubKeyTree($@"AppID\{AppId}", throwOnMissingSubKey: false);
            foreach (var clsid in classes)
            {
                Registry.ClassesRoot.DeleteSubKeyTree($@"CLSID\{clsid}", throwOnMissingSubKey: false);
            }
        }

        Point("VirtualServer.Application", register ? Registration.LocalServerClassId : Registration.InProcessClassId);
        Point("Havm.TestBed.VirtualServerControl", register ? Registration.LocalServerControlId : Registration.InProcessControlId);
        return 0;
    }

    private static void Point(string progId, string clsid)
    {
        using var key = Registry.ClassesRoot.CreateSubKey($@"{progId}\CLSID");
        key.SetValue("", clsid);
    }
}
