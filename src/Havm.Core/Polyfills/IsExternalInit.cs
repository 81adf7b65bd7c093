#if !NET5_0_OR_GREATER
namespace System.Runtime.CompilerServices;

/// <summary>
/// The marker type C# needs for init-only setters (and so for records) and that .NET Framework 4.0 lacks; .NET 5 and
/// later define it themselves.
/// </summary>
internal static class IsExternalInit
{
}
#endif
