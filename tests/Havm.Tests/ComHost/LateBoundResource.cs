using System.Runtime.InteropServices;

namespace Havm.Tests.ComHost;

/// <summary>
/// The script's <c>Resource</c> object as the late binder meets a plain .NET object: Name, LogInformation,
/// PropertyExists, AddProperty, and a few private properties as members. Records calls; can be made to fail.
/// </summary>
public sealed class LateBoundResource
{
    private readonly HashSet<string> _existing = new(StringComparer.OrdinalIgnoreCase);

    public LateBoundResource(string name = "Guest1Script") => _name = name;

    private readonly string _name;

    public List<string> Log { get; } = [];

    public List<string> Calls { get; } = [];

    /// <summary>When set, every member fails with this HRESULT (the host's object failing).</summary>
    public int? Fails { get; set; }

    /// <summary>When set, LogInformation fails with this HRESULT.</summary>
    public int? LogFails { get; set; }

    public string Name
    {
        get
        {
            Fail();
            return _name;
        }
    }

    public object? VirtualMachineName { get; set; }

    public object? OnlineTimeoutSeconds { get; set; }

    public object? LastOnlineNode { get; set; }

    public void LogInformation(string line)
    {
        Fail();
        if (LogFails is { } hr)
        {
            throw new COMException("LogInformation failed", hr);
        }

        Log.Add(line);
    }

    public bool PropertyExists(string name)
    {
        Fail();
        return _existing.Contains(name);
    }

    public void AddProperty(string name)
    {
        Fail();
        Calls.Add("AddProperty " + name);
        _ = _existing.Add(name);
    }

    /// <summary>Makes a property exist with a value (as <c>cluster res /priv</c> would).</summary>
    public LateBoundResource With(string name, object? value)
    {
        _ = _existing.Add(name);
        GetType().GetProperty(name)!.SetValue(this, value);
        return this;
    }

    private void Fail()
    {
        if (Fails is { } hr)
        {
            throw new COMException("the Resource object failed", hr);
        }
    }
}
