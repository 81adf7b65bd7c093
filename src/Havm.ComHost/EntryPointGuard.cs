using Havm.ComHost.Cluster;
using Havm.ComHost.Interop;
using Havm.Core.Lifecycle;

namespace Havm.ComHost;

/// <summary>
/// The COM boundary: runs one entry point against its resource's controller and turns every exception into a
/// log line and the entry point's failure value, because an error raised into the wrapper script would be
/// reported by the host as a script failure with no account of what went wrong.
/// </summary>
internal static class EntryPointGuard
{
    /// <summary>Runs a Win32 entry point; any exception gives ERROR_FUNCTION_FAILED.</summary>
    public static int Win32(object? resource, string entryPoint, Func<GuestController, IClusterResource, int> body) =>
        Run(resource, entryPoint, body, Win32Error.FunctionFailed);

    /// <summary>Runs LooksAlive or IsAlive; any exception gives false.</summary>
    public static bool Boolean(object? resource, string entryPoint, Func<GuestController, IClusterResource, bool> body) =>
        Run(resource, entryPoint, body, false);

    private static T Run<T>(object? resource, string entryPoint, Func<GuestController, IClusterResource, T> body, T failure)
    {
        var adapter = new ClusterResourceAdapter(resource);
#pragma warning disable CA1031 // the boundary: nothing may reach the script, whatever failed
        try
        {
            return body(ResourceRegistry.For(adapter.Name).Controller, adapter);
        }
        catch (Exception ex)
        {
            try
            {
                adapter.Log(FailureLine(entryPoint, ex, failure));
            }
            catch (Exception)
            {
                // The Resource object itself failed; the failure value is all the host can get.
            }

            return failure;
        }
#pragma warning restore CA1031
    }

    private static string FailureLine<T>(string entryPoint, Exception ex, T failure) =>
        string.Format(
            CultureInfo.InvariantCulture,
            "Havm.Net: {0} failed on node {1} ({2} {3}: {4}); returning {5}.",
            entryPoint,
            Environment.MachineName,
            ex.GetType().Name,
            HResults.Describe(ExceptionCode.Of(ex)),
            ex.Message,
            failure);
}
