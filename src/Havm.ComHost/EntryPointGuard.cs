using System.Diagnostics;
using Havm.ComHost.Cluster;
using Havm.ComHost.Interop;
using Havm.Core.Lifecycle;

namespace Havm.ComHost;

/// <summary>
/// The COM boundary of one script load: runs one entry point against its resource's controller and turns every
/// exception into a log line and the entry point's failure value, because an error raised into the wrapper script
/// would be reported by the host as a script failure with no account of what went wrong. At the end of every entry
/// point it releases the runtime's wrapper of the <c>Resource</c> object, on the entry point's thread, so that nothing
/// is left to the finalizer (spec section 5). Thread-safe: Terminate may run beside another entry point.
/// </summary>
/// <remarks>
/// The controller is found by the resource's name, read once per entry point from <c>Resource.Name</c>. The guard
/// keeps the name of its last good read: when the read fails (the host's object is failing, RPC_E_DISCONNECTED), that
/// name finds the controller, so that a failing Resource object never stops Terminate from stopping the guest nor
/// makes IsAlive report a death (spec section 4, "A Resource call that fails is never a reason to leave the guest
/// running"). With no name ever read in this script load, the entry point fails.
/// </remarks>
internal sealed class EntryPointGuard
{
    private readonly Func<string, GuestController> _controllerFor;
    private readonly Action<object?> _release;
    private volatile string? _lastName;

    /// <summary>A guard that finds controllers and releases the Resource object's wrapper as told (tests).</summary>
    internal EntryPointGuard(Func<string, GuestController> controllerFor, Action<object?> release)
    {
        _controllerFor = controllerFor;
        _release = release;
    }

    /// <summary>The guard of one instance of the real COM class: the process-wide registry, and COM's release.</summary>
    public static EntryPointGuard ForScript() => new(name => ResourceRegistry.For(name).Controller, ComObjects.Release);

    /// <summary>Runs a Win32 entry point; any exception gives ERROR_FUNCTION_FAILED (1627).</summary>
    public int Win32(object? resource, string entryPoint, Func<GuestController, IClusterResource, int> body) =>
        Run(resource, entryPoint, body, Win32Error.FunctionFailed);

    /// <summary>Runs LooksAlive or IsAlive; any exception gives false.</summary>
    public bool Boolean(object? resource, string entryPoint, Func<GuestController, IClusterResource, bool> body) =>
        Run(resource, entryPoint, body, false);

    private T Run<T>(object? resource, string entryPoint, Func<GuestController, IClusterResource, T> body, T failure)
    {
        var watch = Stopwatch.StartNew();
        var adapter = new ClusterResourceAdapter(resource);
#pragma warning disable CA1031 // the boundary: nothing may reach the script, whatever failed
        try
        {
            adapter = Named(adapter, resource);
            return body(_controllerFor(adapter.Name), adapter);
        }
        catch (Exception ex)
        {
            try
            {
                adapter.Log(FailureLine(entryPoint, ex, failure, watch.Elapsed, _lastName is null));
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

    /// <summary>
    /// The adapter with the resource's name read (kept for the rest of the entry point), or, when the read fails, with
    /// the name of the last good read; the read's exception when there never was one.
    /// </summary>
    private ClusterResourceAdapter Named(ClusterResourceAdapter adapter, object? resource)
    {
        try
        {
            _lastName = adapter.Name;
            return adapter;
        }
#pragma warning disable CA1031 // whatever the failing Resource object throws, the name last read finds the controller
        catch (Exception) when (_lastName is { } last)
#pragma warning restore CA1031
        {
            return new ClusterResourceAdapter(resource, last);
        }
    }

    private static string FailureLine<T>(string entryPoint, Exception ex, T failure, TimeSpan took, bool noName) =>
        string.Format(
            CultureInfo.InvariantCulture,
            "Havm.Net: {0} failed on node {1} after {2} s ({3} {4}: {5}){6}; returning {7}.",
            entryPoint,
            Environment.MachineName,
            took.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
            ex.GetType().Name,
            HResults.Describe(ExceptionCode.Of(ex)),
            MessageOf(ex),
            noName ? "; the Resource object did not give the resource's name, and no earlier call of this script load read it, so the guest may still be running on this node" : string.Empty,
            failure);

    /// <summary>The exception's message; a placeholder when reading it throws too.</summary>
    private static string MessageOf(Exception ex)
    {
#pragma warning disable CA1031 // a message getter that throws must not cost the log line
        try
        {
            return ex.Message;
        }
        catch (Exception)
        {
            return "(no message)";
        }
#pragma warning restore CA1031
    }
}
