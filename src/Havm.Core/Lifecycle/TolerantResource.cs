using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// The cluster's <c>Resource</c> object as Terminate uses it: a call that throws never stops Terminate from leaving
/// the guest not running (behaviour.md section 4, "The guest is the one this run brought online"). A failed read is
/// <see cref="PropertyValue.Unreadable"/> (the settings reader keeps the last good value, else the default), a failed
/// log line or write is dropped, and a failed name falls back to the last one this resource answered.
/// Used on the thread of one entry point only, like the object it wraps.
/// </summary>
internal sealed class TolerantResource : IClusterResource
{
    private readonly IClusterResource _inner;
    private readonly ResourceNames _known;

    public TolerantResource(IClusterResource inner, ResourceNames known)
    {
        _inner = inner;
        _known = known;
    }

    public string Name => Try(() => _known.Name = _inner.Name, () => _known.Name);

    public string NodeName => Try(() => _known.Node = _inner.NodeName, () => _known.Node);

    public void Log(string line) => Try(() => _inner.Log(line));

    public bool PropertyExists(string name) => Try(() => _inner.PropertyExists(name), () => false);

    public void AddProperty(string name) => Try(() => _inner.AddProperty(name));

    public PropertyValue ReadProperty(string name) => Try(() => _inner.ReadProperty(name), () => PropertyValue.Unreadable);

    public void WriteProperty(string name, int value) => Try(() => _inner.WriteProperty(name, value));

    public void WriteProperty(string name, string value) => Try(() => _inner.WriteProperty(name, value));

    private static T Try<T>(Func<T> call, Func<T> fallback)
    {
        try
        {
            return call();
        }
#pragma warning disable CA1031 // whatever the host's object throws, Terminate goes on stopping the guest
        catch (Exception)
#pragma warning restore CA1031
        {
            return fallback();
        }
    }

    private static void Try(Action call) => Try(() => { call(); return true; }, () => false);
}

/// <summary>The resource's and node's names as last answered by the <c>Resource</c> object (thread-safe).</summary>
internal sealed class ResourceNames
{
    private readonly object _gate = new();
    private string _name = "(unknown resource)";
    private string _node = "(this node)";

    public string Name
    {
        get { lock (_gate) { return _name; } }
        set { lock (_gate) { _name = value; } }
    }

    public string Node
    {
        get { lock (_gate) { return _node; } }
        set { lock (_gate) { _node = value; } }
    }
}
