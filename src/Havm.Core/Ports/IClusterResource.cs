using Havm.Core.Model;

namespace Havm.Core.Ports;

/// <summary>
/// The cluster's <c>Resource</c> object as Havm.Core sees it: the resource's name, the cluster log and its
/// private properties. Used only on the thread of the entry point that received it; any member may throw
/// when the host's object fails (the COM host's guard turns that into the entry point's failure value).
/// </summary>
public interface IClusterResource
{
    /// <summary>The resource's name, as <c>cluster res "&lt;name&gt;"</c> spells it.</summary>
    string Name { get; }

    /// <summary>The cluster node this call runs on.</summary>
    string NodeName { get; }

    /// <summary>Writes one line to the cluster log (<c>Resource.LogInformation</c>).</summary>
    void Log(string line);

    /// <summary>Whether the private property exists in the cluster database.</summary>
    bool PropertyExists(string name);

    /// <summary>Creates the private property, empty.</summary>
    void AddProperty(string name);

    /// <summary>Reads a private property; <see cref="PropertyValue.Missing"/> when it does not exist.</summary>
    PropertyValue ReadProperty(string name);

    /// <summary>Writes a number to an existing private property.</summary>
    void WriteProperty(string name, int value);

    /// <summary>Writes text to a private property, creating it first when it is missing.</summary>
    void WriteProperty(string name, string value);
}
