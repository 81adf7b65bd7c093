namespace Havm.ComHost;

/// <summary>The fixed COM identity of Havm.GenericScript: install.cmd, the wrapper and the registry all depend on it.</summary>
public static class ComIds
{
    /// <summary>The ProgID the wrapper passes to <c>CreateObject</c>.</summary>
    public const string ProgId = "Havm.GenericScript";

    /// <summary>The CLSID of <see cref="GenericScript"/>.</summary>
    public const string ClassId = "D024A703-20CC-4786-99B9-BDF77C430A71";

    /// <summary>The IID of <see cref="IGenericScript"/>.</summary>
    public const string InterfaceId = "08207A0B-2A45-4AC5-8DFB-4D520939FF81";
}
