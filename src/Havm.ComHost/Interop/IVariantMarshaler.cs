using System.Diagnostics.CodeAnalysis;

namespace Havm.ComHost.Interop;

/// <summary>
/// How a <see cref="DispatchFrame"/> turns .NET values into VARIANTs, reads them back and clears them: OLE's own
/// functions on a node (<see cref="OleVariants"/>); a stand-in for a few VARIANT types in tests, since the runtime's
/// VARIANT marshalling exists only on Windows.
/// </summary>
internal interface IVariantMarshaler
{
    /// <summary>Writes <paramref name="value"/> into the (VT_EMPTY) VARIANT at <paramref name="variant"/>; throws if it cannot.</summary>
    void Write(object? value, IntPtr variant);

    /// <summary>The .NET value of the VARIANT at <paramref name="variant"/>.</summary>
    object? Read(IntPtr variant);

    /// <summary>Frees what the VARIANT holds and sets it to VT_EMPTY.</summary>
    void Clear(IntPtr variant);
}

/// <summary>The real <see cref="IVariantMarshaler"/>: the runtime's VARIANT marshalling and VariantClear. Interop only.</summary>
[ExcludeFromCodeCoverage]
internal sealed class OleVariants : IVariantMarshaler
{
    public static readonly OleVariants Instance = new();

    private OleVariants()
    {
    }

    /// <inheritdoc/>
    public void Write(object? value, IntPtr variant) => Marshal.GetNativeVariantForObject(value, variant);

    /// <inheritdoc/>
    public object? Read(IntPtr variant) => Marshal.GetObjectForNativeVariant(variant);

    /// <inheritdoc/>
    public void Clear(IntPtr variant) => _ = NativeMethods.VariantClear(variant);
}
