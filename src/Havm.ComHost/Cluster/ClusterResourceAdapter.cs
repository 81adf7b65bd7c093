using Havm.ComHost.Interop;

namespace Havm.ComHost.Cluster;

/// <summary>
/// <see cref="IClusterResource"/> over the script's late-bound <c>Resource</c> object. Used only on the thread of
/// the entry point that received it; every member may throw when the Resource object fails.
/// </summary>
internal sealed class ClusterResourceAdapter : IClusterResource
{
    private readonly object? _resource;

    public ClusterResourceAdapter(object? resource) => _resource = resource;

    /// <inheritdoc/>
    public string Name => Variants.ToText(LateBinder.Get(_resource, "Name"));

    /// <inheritdoc/>
    public string NodeName => Environment.MachineName;

    /// <inheritdoc/>
    public void Log(string line) => LateBinder.Call(_resource, "LogInformation", line);

    /// <inheritdoc/>
    public bool PropertyExists(string name) => Variants.ToBool(LateBinder.Call(_resource, "PropertyExists", name));

    /// <inheritdoc/>
    public void AddProperty(string name) => LateBinder.Call(_resource, "AddProperty", name);

    /// <inheritdoc/>
    public PropertyValue ReadProperty(string name) =>
        PropertyExists(name) ? VbsValue.ToPropertyValue(LateBinder.Get(_resource, name)) : PropertyValue.Missing;

    /// <inheritdoc/>
    public void WriteProperty(string name, int value) => LateBinder.Set(_resource, name, value);

    /// <inheritdoc/>
    public void WriteProperty(string name, string value)
    {
        if (!PropertyExists(name))
        {
            AddProperty(name);
        }

        LateBinder.Set(_resource, name, value);
    }
}
