using System.Runtime.InteropServices;

namespace Havm.TestBed.FakeVirtualServer;

/// <summary>The seven entry points, as Havm.GenericScript's IGenericScript has them.</summary>
[ComVisible(true), Guid("5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E30"), InterfaceType(ComInterfaceType.InterfaceIsDual)]
public interface IBrokenGenericScript
{
    int Open(object resource);
    int Online(object resource);
    bool LooksAlive(object resource);
    bool IsAlive(object resource);
    int Offline(object resource);
    int Terminate(object resource);
    int Close(object resource);
}

/// <summary>
/// A Havm.GenericScript that is created but whose every call raises, as after a half-finished upgrade: the class is
/// registered and loads, an assembly it needs is missing. The test bed points the ProgID Havm.GenericScript at it
/// (<see cref="Registration.BreakComClass"/>) to see what the wrapper logs. Each call raises what the runtime raises
/// for a missing assembly: FileNotFoundException, 0x80070002, with the runtime's wording.
/// </summary>
[ComVisible(true), Guid("5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E31"), ProgId("Havm.TestBed.BrokenGenericScript")]
[ClassInterface(ClassInterfaceType.None)]
public sealed class BrokenGenericScript : IBrokenGenericScript
{
    public const string Message = "Could not load file or assembly 'Havm.Core, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null'. The system cannot find the file specified.";

    public int Open(object resource) => throw Missing();

    public int Online(object resource) => throw Missing();

    public bool LooksAlive(object resource) => throw Missing();

    public bool IsAlive(object resource) => throw Missing();

    public int Offline(object resource) => throw Missing();

    public int Terminate(object resource) => throw Missing();

    public int Close(object resource) => throw Missing();

    private static FileNotFoundException Missing()
    {
        World.Note("[broken Havm.GenericScript] a call raises FileNotFoundException 0x80070002");
        return new FileNotFoundException(Message, "Havm.Core");
    }
}
