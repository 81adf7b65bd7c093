#if !NET5_0_OR_GREATER
namespace System.Runtime.CompilerServices;

/// <summary>
/// The marker the compiler puts on an init-only setter (a positional record's properties), built in from .NET 5 on;
/// declared here for the net40 build, as PolySharp does for the tests. Never used at run time.
/// </summary>
internal static class IsExternalInit
{
}
#endif
