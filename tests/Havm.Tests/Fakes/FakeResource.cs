using System.Globalization;
using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Tests.Fakes;

/// <summary>
/// The cluster's <c>Resource</c> object: a name, a node, a case-insensitive private property store and a log.
/// Thread-safe. Like the host's object, writing a number to a property that does not exist fails.
/// </summary>
public sealed class FakeResource : IClusterResource
{
    public const string DefaultName = "Guest1Script";
    public const string DefaultNode = "NODE-A";

    private readonly object _gate = new();
    private readonly Dictionary<string, PropertyValue> _properties = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _log = [];
    private readonly List<string> _writes = [];
    private string _name;
    private string _nodeName;
    private int _reads;

    public FakeResource(string name = DefaultName, string nodeName = DefaultNode)
    {
        _name = name;
        _nodeName = nodeName;
    }

    public string Name
    {
        get
        {
            lock (_gate)
            {
                return _name;
            }
        }

        set
        {
            lock (_gate)
            {
                _name = value;
            }
        }
    }

    public string NodeName
    {
        get
        {
            lock (_gate)
            {
                return _nodeName;
            }
        }

        set
        {
            lock (_gate)
            {
                _nodeName = value;
            }
        }
    }

    /// <summary>Every line logged so far, in order.</summary>
    public IReadOnlyList<string> LogLines
    {
        get
        {
            lock (_gate)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>How many lines were logged so far (a mark for <see cref="LogSince"/>).</summary>
    public int LogCount
    {
        get
        {
            lock (_gate)
            {
                return _log.Count;
            }
        }
    }

    /// <summary>The names of the properties written by the code under test (AddProperty and WriteProperty), in order.</summary>
    public IReadOnlyList<string> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    /// <summary>Sets a property as an administrator would with a number.</summary>
    public FakeResource Set(string name, double value)
    {
        lock (_gate)
        {
            _properties[name] = PropertyValue.FromNumber(value);
        }

        return this;
    }

    /// <summary>Sets a property as an administrator would with text; the host reads numeric text as a number (VBScript).</summary>
    public FakeResource Set(string name, string value)
    {
        lock (_gate)
        {
            _properties[name] = FromHostText(value);
        }

        return this;
    }

    /// <summary>Deletes a property.</summary>
    public FakeResource Remove(string name)
    {
        lock (_gate)
        {
            _properties.Remove(name);
        }

        return this;
    }

    /// <summary>The stored value (<see cref="PropertyValue.Missing"/> when absent).</summary>
    public PropertyValue Get(string name) => ReadProperty(name);

    /// <summary>Whether any logged line contains every one of <paramref name="phrases"/> (case-insensitive).</summary>
    public bool LogContains(params string[] phrases) => CountContaining(phrases) > 0;

    /// <summary>The logged lines that contain every one of <paramref name="phrases"/> (case-insensitive).</summary>
    public IReadOnlyList<string> LinesContaining(params string[] phrases)
    {
        lock (_gate)
        {
            return [.. _log.Where(line => phrases.All(p => line.Contains(p, StringComparison.OrdinalIgnoreCase)))];
        }
    }

    /// <summary>How many logged lines contain every one of <paramref name="phrases"/> (case-insensitive).</summary>
    public int CountContaining(params string[] phrases) => LinesContaining(phrases).Count;

    /// <summary>The lines logged after the mark <paramref name="count"/> (a former <see cref="LogCount"/>).</summary>
    public IReadOnlyList<string> LogSince(int count)
    {
        lock (_gate)
        {
            return [.. _log.Skip(count)];
        }
    }

    /// <summary>The whole log, one line per line, for assertion messages.</summary>
    public string Dump()
    {
        lock (_gate)
        {
            return string.Join(Environment.NewLine, _log);
        }
    }

    public void Log(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        lock (_gate)
        {
            _log.Add(line);
        }
    }

    public bool PropertyExists(string name)
    {
        lock (_gate)
        {
            return _properties.ContainsKey(name);
        }
    }

    public void AddProperty(string name)
    {
        lock (_gate)
        {
            _writes.Add(name);
            _properties.TryAdd(name, PropertyValue.FromText(string.Empty));
        }
    }

    /// <summary>How many property reads (<c>ReadProperty</c>) were made.</summary>
    public int Reads
    {
        get
        {
            lock (_gate)
            {
                return _reads;
            }
        }
    }

    public PropertyValue ReadProperty(string name)
    {
        lock (_gate)
        {
            _reads++;
            return _properties.TryGetValue(name, out var value) ? value : PropertyValue.Missing;
        }
    }

    public void WriteProperty(string name, int value)
    {
        lock (_gate)
        {
            if (!_properties.ContainsKey(name))
            {
                throw new InvalidOperationException("The host's Resource object fails: property " + name + " does not exist.");
            }

            _writes.Add(name);
            _properties[name] = PropertyValue.FromNumber(value);
        }
    }

    public void WriteProperty(string name, string value)
    {
        lock (_gate)
        {
            _writes.Add(name);
            _properties[name] = FromHostText(value);
        }
    }

    private static PropertyValue FromHostText(string? text)
    {
        if (text is not null
            && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return PropertyValue.FromNumber(number, text);
        }

        return PropertyValue.FromText(text);
    }
}
