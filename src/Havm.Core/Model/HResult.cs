namespace Havm.Core.Model;

/// <summary>
/// A 32-bit COM error code. Signed and unsigned spellings of the same code are one value
/// (-1610349312, 2684617984 and 0xA0040500 are all VM_E_VM_RUNNING).
/// </summary>
public readonly record struct HResult
{
    /// <summary>Wraps an unsigned code.</summary>
    public HResult(uint value) => Value = value;

    /// <summary>Wraps a signed code (as <c>Err.Number</c> and <c>COMException.HResult</c> spell it).</summary>
    public HResult(int value) => Value = unchecked((uint)value);

    /// <summary>The code as an unsigned 32-bit number.</summary>
    public uint Value { get; }

    /// <summary>The code as a signed 32-bit number.</summary>
    public int Signed => unchecked((int)Value);

    /// <summary>Whether the code is a failure (severity bit set).</summary>
    public bool IsFailure => (Value & 0x80000000u) != 0;

    /// <summary>The code in hex with its name when it has one, e.g. <c>VM_E_VM_RUNNING 0xA0040500</c>.</summary>
    public override string ToString() => HResults.Describe(this);
}
