using System.Runtime.InteropServices;

namespace Havm.Tests.ComHost;

/// <summary>A Resource object that counts every call the late binder makes on it.</summary>
public sealed class CountingResource
{
    private readonly HashSet<string> _existing = new(StringComparer.OrdinalIgnoreCase) { "VirtualMachineName" };

    public List<string> Calls { get; } = [];

    public List<string> Log { get; } = [];

    public int? Fails { get; set; }

    public string Name
    {
        get
        {
            Calls.Add("Name");
            Fail();
            return "Guest1Script";
        }
    }

    public object? VirtualMachineName
    {
        get
        {
            Calls.Add("VirtualMachineName");
            Fail();
            return "Guest1";
        }
    }

    public void LogInformation(string line)
    {
        Calls.Add("LogInformation");
        Log.Add(line);
    }

    public bool PropertyExists(string name)
    {
        Calls.Add("PropertyExists " + name);
        Fail();
        return _existing.Contains(name);
    }

    public void AddProperty(string name) => Calls.Add("AddProperty " + name);

    private void Fail()
    {
        if (Fails is { } hr)
        {
            throw new COMException("the Resource object failed", hr);
        }
    }
}
