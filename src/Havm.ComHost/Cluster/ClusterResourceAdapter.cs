using Havm.ComHost.Interop;

namespace Havm.ComHost.Cluster;

/// <summary>
/// <see cref="IClusterResource"/> over the script's late-bound <c>Resource</c> object. Used only on the thread of
/// the entry point that received it (one adapter per entry point); every member may throw when the Resource object
/// fails.
/// </summary>
internal sealed class ClusterResourceAdapter : IClusterResource
{
    private readonly object? _resource;
    private string? _name;

    /// <summary>An adapter over <paramref name="resource"/>; <paramref name="name"/>, when given, is its name (not read again).</summary>
    public ClusterResourceAdapter(object? resource, string? name = null)
    {
        _resource = resource;
        _name = name;
    }

    /// <inheritdoc/>
    /// <remarks>Read from <c>Resource.Name</c> at the first good read and kept: it cannot change during one entry point.</remarks>
    public string Name => _name ??= Variants.ToText(LateBinder.Get(_resource, "Name"));

    /// <inheritdoc/>
    public string NodeName => Environment.MachineName;

    /// <inheritdoc/>
    public void Log(string line) => LateBinder.Call(_resource, "LogInformation", line);

    /// <inheritdoc/>
    public bool PropertyExists(string name) => Variants.ToBool(LateBinder.Call(_resource, "PropertyExists", name));

    /// <inheritdoc/>
    public void AddProperty(string name) => LateBinder.Call(_resource, "AddProperty", name);

    /// <summary>
    /// One call for a property that holds a value, and for one that does not exist when the Resource object answers so
    /// with an error code (DISP_E_UNKNOWNNAME or DISP_E_MEMBERNOTFOUND: no exception, no second call). An empty answer
    /// or another failure is followed by <c>PropertyExists</c> (whether the host's object answers a missing property
    /// with Empty, with that code or with another error is not documented), so a missing property is
    /// <see cref="PropertyValue.Missing"/>, an existing empty one blank, and any other failure the Resource object's own.
    /// </summary>
    public PropertyValue ReadProperty(string name)
    {
        object? value;
        try
        {
            value = LateBinder.GetOrMissing(_resource, name, out var missing);
            if (missing)
            {
                return PropertyValue.Missing;
            }
        }
        catch (COMException) when (!PropertyExists(name))
        {
            return PropertyValue.Missing;
        }

        var empty = value is null or DBNull || (value is string text && text.Length == 0);
        return empty && !PropertyExists(name) ? PropertyValue.Missing : VbsValue.ToPropertyValue(value);
    }

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
