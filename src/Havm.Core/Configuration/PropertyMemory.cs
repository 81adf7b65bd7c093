namespace Havm.Core.Configuration;

/// <summary>
/// What a <see cref="SettingsReader"/> remembers about one numeric property between reads: the last good value, and
/// which bad or unusual value it last logged (so that a value is logged once per change). Guarded by the reader's lock.
/// </summary>
internal sealed class PropertyMemory
{
    /// <summary>The last good number read, if any since the property was last missing.</summary>
    public double? LastGood { get; set; }

    /// <summary>The bad or unusual value last logged, as the log wrote it; null while the value is good.</summary>
    public string? Reported { get; set; }
}
