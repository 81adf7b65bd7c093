using Havm.Core.Model;
using Havm.Core.Ports;
using Havm.Tests.Fakes;

namespace Havm.Tests.Explorer;

/// <summary>The cluster's <c>Resource</c> object with failures on demand: the next N calls throw, as a failing host object does.</summary>
internal sealed class FlakyResource : IClusterResource
{
    private readonly FakeResource _inner;
    private int _failures;

    public FlakyResource(FakeResource inner) => _inner = inner;

    /// <summary>How many calls have thrown so far.</summary>
    public int Thrown { get; private set; }

    /// <summary>The next <paramref name="calls"/> calls throw <see cref="ResourceFailure"/>.</summary>
    public void FailNext(int calls) => _failures = calls;

    public string Name => Pass(() => _inner.Name);

    public string NodeName => Pass(() => _inner.NodeName);

    public void Log(string line) => Pass(() => { _inner.Log(line); return 0; });

    public bool PropertyExists(string name) => Pass(() => _inner.PropertyExists(name));

    public void AddProperty(string name) => Pass(() => { _inner.AddProperty(name); return 0; });

    public PropertyValue ReadProperty(string name) => Pass(() => _inner.ReadProperty(name));

    public void WriteProperty(string name, int value) => Pass(() => { _inner.WriteProperty(name, value); return 0; });

    public void WriteProperty(string name, string value) => Pass(() => { _inner.WriteProperty(name, value); return 0; });

    private T Pass<T>(Func<T> call)
    {
        if (_failures > 0)
        {
            _failures--;
            Thrown++;
            throw new ResourceFailure();
        }

        return call();
    }
}

/// <summary>What the host's failing <c>Resource</c> object throws (the COM host's guard turns it into the failure value).</summary>
public sealed class ResourceFailure : Exception
{
    public ResourceFailure()
        : base("the cluster's Resource object failed (injected)")
    {
    }

    public ResourceFailure(string message)
        : base(message)
    {
    }

    public ResourceFailure(string message, Exception inner)
        : base(message, inner)
    {
    }
}
