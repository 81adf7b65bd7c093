using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// The cluster's <c>Resource</c> object as Terminate uses it: a call that throws never stops Terminate from leaving
/// the guest not running (behaviour.md section 4, "The guest is the one this run brought online"). A failed read is
/// <see cref="PropertyValue.Unreadable"/> (the settings reader keeps the last good value, else the default), a failed
/// log line or write is dropped, and a failed name falls back to the last one this resource answered.
/// Used on the thread of one entry point only, like the object it wraps. The polls borrow one from a
/// <see cref="TolerantResources"/> instead of making one per call.
/// </summary>
internal sealed class TolerantResource : IClusterResource
{
    private readonly ResourceNames _known;
    private IClusterResource _inner;

    public TolerantResource(IClusterResource inner, ResourceNames known)
    {
        _inner = inner;
        _known = known;
    }

    public string Name
    {
        get
        {
            try
            {
                return _known.Name = _inner.Name;
            }
#pragma warning disable CA1031 // whatever the host's object throws, Terminate goes on stopping the guest
            catch (Exception)
            {
                return _known.Name;
            }
        }
    }

    public string NodeName
    {
        get
        {
            try
            {
                return _known.Node = _inner.NodeName;
            }
            catch (Exception)
            {
                return _known.Node;
            }
        }
    }

    public void Log(string line)
    {
        try
        {
            _inner.Log(line);
        }
        catch (Exception)
        {
            // dropped: the line is lost, the entry point goes on
        }
    }

    public bool PropertyExists(string name)
    {
        try
        {
            return _inner.PropertyExists(name);
        }
        catch (Exception)
        {
            return false;
        }
    }

    public void AddProperty(string name)
    {
        try
        {
            _inner.AddProperty(name);
        }
        catch (Exception)
        {
            // dropped
        }
    }

    public PropertyValue ReadProperty(string name)
    {
        try
        {
            return _inner.ReadProperty(name);
        }
        catch (Exception)
        {
            return PropertyValue.Unreadable;
        }
    }

    public void WriteProperty(string name, int value)
    {
        try
        {
            _inner.WriteProperty(name, value);
        }
        catch (Exception)
        {
            // dropped
        }
    }

    public void WriteProperty(string name, string value)
    {
        try
        {
            _inner.WriteProperty(name, value);
        }
        catch (Exception)
        {
            // dropped
        }
#pragma warning restore CA1031
    }

    /// <summary>Wraps <paramref name="inner"/> from now on (a borrowed wrapper, see <see cref="TolerantResources"/>).</summary>
    internal void Wrap(IClusterResource inner) => _inner = inner;
}

/// <summary>
/// The polls' <see cref="TolerantResource"/>: one kept and lent to a poll at a time, so that a poll allocates no
/// wrapper; a poll that finds it lent (LooksAlive beside IsAlive, or re-entered while it waits) makes its own.
/// Thread-safe.
/// </summary>
internal sealed class TolerantResources
{
    private readonly ResourceNames _known;
    private TolerantResource? _free;

    public TolerantResources(ResourceNames known) => _known = known;

    /// <summary>A wrapper of <paramref name="inner"/>, for one entry point; give it back with <see cref="Return"/>.</summary>
    public TolerantResource Borrow(IClusterResource inner)
    {
        var wrapper = Interlocked.Exchange(ref _free, null);
        if (wrapper is null)
        {
            return new TolerantResource(inner, _known);
        }

        wrapper.Wrap(inner);
        return wrapper;
    }

    /// <summary>Takes the wrapper back once its entry point is done with it (it keeps no hold on the host's object).</summary>
    public void Return(TolerantResource wrapper)
    {
        wrapper.Wrap(Unwrapped.Instance);
        _ = Interlocked.Exchange(ref _free, wrapper);
    }

    /// <summary>What a wrapper lying unused wraps: fails every call, so that a stray use cannot reach a host object.</summary>
    private sealed class Unwrapped : IClusterResource
    {
        public static readonly Unwrapped Instance = new();

        public string Name => throw Gone();

        public string NodeName => throw Gone();

        public void Log(string line) => throw Gone();

        public bool PropertyExists(string name) => throw Gone();

        public void AddProperty(string name) => throw Gone();

        public PropertyValue ReadProperty(string name) => throw Gone();

        public void WriteProperty(string name, int value) => throw Gone();

        public void WriteProperty(string name, string value) => throw Gone();

        private static InvalidOperationException Gone() => new("a poll's Resource wrapper was used after its poll returned");
    }
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
