using Microsoft.Win32;

namespace Havm.TestBed.Host;

/// <summary>
/// The host's own copy of the fake's "cannot be reached" registry switch (Havm.TestBed.FakeVirtualServer's
/// Registration), for when the fake's process is not running: VirtualServer.Application names a class whose local
/// server does not exist, so CoCreateInstance fails as when Virtual Server cannot start.
/// </summary>
internal static class UnreachableVirtualServer
{
    private const string LocalServerClassId = "{5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E40}";
    private const string DeadClassId = "{5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4EFF}";

    public static void Make()
    {
        using (var server = Registry.ClassesRoot.CreateSubKey($@"CLSID\{DeadClassId}\LocalServer32"))
        {
            server.SetValue("", @"C:\Program Files\Microsoft Virtual Server\vssrvc-missing.exe");
        }

        using var progId = Registry.ClassesRoot.CreateSubKey(@"VirtualServer.Application\CLSID");
        progId.SetValue("", DeadClassId);
    }

    /// <summary>Points VirtualServer.Application at the fake's local server again (when it was made unreachable).</summary>
    public static void Restore()
    {
        using var progId = Registry.ClassesRoot.OpenSubKey(@"VirtualServer.Application\CLSID", writable: true);
        if (progId is not null && string.Equals(progId.GetValue("") as string, DeadClassId, StringComparison.OrdinalIgnoreCase))
        {
            progId.SetValue("", LocalServerClassId);
        }
    }
}
