using Havm.ComHost.Cluster;
using Havm.ComHost.Interop;
using Havm.Core.Lifecycle;

namespace Havm.ComHost;

/// <summary>
/// The COM boundary: runs one entry point against its resource's controller and turns every exception into a
/// log line and the entry point's failure value, because an error raised into the wrapper script would be
/// reported by the host as a script failure with no account of what went wrong. At the end of every entry point it
/// releases the runtime's wrapper of the <c>Resource</c> object, on the entry point's thread, so that nothing is left
/// to the finalizer (spec section 5). Thread-safe (no state).
/// </summary>
internal sealed class EntryPointGuard
{
    /// <summary>The guard of the real COM class: the process-wide registry, and COM's release.</summary>
    public static readonly EntryPointGuard Default = new(name => ResourceRegistry.For(name).Controller, ComObjects.Release);

    private readonly Func<string, GuestController> _controllerFor;
    private readonly Action<object?> _release;

    /// <summary>A guard that finds controllers and releases the Resource object's wrapper as told (tests).</summary>
    internal EntryPointGuard(Func<string, GuestController> controllerFor, Action<object?> release)
    {
        _controllerFor = controllerFor;
        _release = release;
    }

    /// <summary>Runs a Win32 entry point; any exception gives ERROR_FUNCTION_FAILED.</summary>
    public int Win32(object? resource, string entryPoint, Func<GuestController, IClusterResource, int> body) =>
        Run(resource, entryPoint, body, Win32Error.FunctionFailed);

    /// <summary>Runs LooksAlive or IsAlive; any exception gives false.</summary>
    public bool Boolean(object? resource, string entryPoint, Func<GuestController, IClusterResource, bool> body) =>
        Run(resource, entryPoint, body, false);

    private T Run<T>(object? resource, string entryPoint, Func<GuestController, IClusterResource, T> body, T failure)
    {
        var adapter = new ClusterResourceAdapter(resource);
#pragma warning disable CA1031 // the boundary: nothing may reach the script, whatever failed
        try
        {
            return body(_controllerFor(adapter.Name), adapter);
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
        finally
        {
            try
            {
                _release(resource);
            }
            catch (Exception)
            {
                // A wrapper that cannot be released is the finalizer's after all; the entry point's answer stands.
            }
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
