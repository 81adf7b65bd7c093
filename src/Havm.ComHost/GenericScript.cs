namespace Havm.ComHost;

/// <summary>
/// The COM class the wrapper script creates once per script load (one resource). What a resource learns lives in
/// <see cref="ResourceRegistry"/>; the instance keeps only its guard, which remembers the resource's name from its
/// last good read (see <see cref="EntryPointGuard"/>). Each call runs on the host's thread for that entry point.
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

    private EntryPointGuard Guard { get; } = EntryPointGuard.ForScript();

    int IGenericScript.Open(object resource) => Guard.Win32(resource, nameof(IGenericScript.Open), (c, r) => c.Open(r));

    int IGenericScript.Online(object resource) => Guard.Win32(resource, nameof(IGenericScript.Online), (c, r) => c.Online(r));

    bool IGenericScript.LooksAlive(object resource) => Guard.Boolean(resource, nameof(IGenericScript.LooksAlive), (c, r) => c.LooksAlive(r));

    bool IGenericScript.IsAlive(object resource) => Guard.Boolean(resource, nameof(IGenericScript.IsAlive), (c, r) => c.IsAlive(r));

    int IGenericScript.Offline(object resource) => Guard.Win32(resource, nameof(IGenericScript.Offline), (c, r) => c.Offline(r));

    int IGenericScript.Terminate(object resource) => Guard.Win32(resource, nameof(IGenericScript.Terminate), (c, r) => c.Terminate(r));

    int IGenericScript.Close(object resource) => Guard.Win32(resource, nameof(IGenericScript.Close), (c, r) => c.Close(r));
}
