namespace Havm.ComHost;

/// <summary>
/// The COM class the wrapper script creates in every entry point. Stateless: what a resource learns lives in
/// <see cref="ResourceRegistry"/>. Each call runs on the host's thread for that entry point.
/// </summary>
[ComVisible(true)]
[Guid(ComIds.ClassId)]
[ProgId(ComIds.ProgId)]
[ClassInterface(ClassInterfaceType.None)]
public sealed class GenericScript : IGenericScript
{
    /// <summary>Creates the class (COM activation needs a public parameterless constructor).</summary>
    public GenericScript()
    {
    }

    int IGenericScript.Open(object resource) => EntryPointGuard.Default.Win32(resource, nameof(IGenericScript.Open), (c, r) => c.Open(r));

    int IGenericScript.Online(object resource) => EntryPointGuard.Default.Win32(resource, nameof(IGenericScript.Online), (c, r) => c.Online(r));

    bool IGenericScript.LooksAlive(object resource) => EntryPointGuard.Default.Boolean(resource, nameof(IGenericScript.LooksAlive), (c, r) => c.LooksAlive(r));

    bool IGenericScript.IsAlive(object resource) => EntryPointGuard.Default.Boolean(resource, nameof(IGenericScript.IsAlive), (c, r) => c.IsAlive(r));

    int IGenericScript.Offline(object resource) => EntryPointGuard.Default.Win32(resource, nameof(IGenericScript.Offline), (c, r) => c.Offline(r));

    int IGenericScript.Terminate(object resource) => EntryPointGuard.Default.Win32(resource, nameof(IGenericScript.Terminate), (c, r) => c.Terminate(r));

    int IGenericScript.Close(object resource) => EntryPointGuard.Default.Win32(resource, nameof(IGenericScript.Close), (c, r) => c.Close(r));
}
