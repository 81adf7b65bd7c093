using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// Everything Havm.Net decides for one clustered guest: the seven Generic Script entry points (behaviour.md
/// section 4). One instance per resource, living as long as the host process; thread-safe (Terminate may run
/// concurrently with Online, Offline, LooksAlive and IsAlive). Never throws for a Virtual Server failure; a failing
/// <see cref="IClusterResource"/> may throw (the COM host's guard turns that into the entry point's failure value).
/// Each entry point reads its settings, chooses the guest and hands over to its run: <see cref="OpenRun"/>,
/// <see cref="OnlineRun"/>, <see cref="AliveCheck"/>, <see cref="StopRun"/>.
/// </summary>
public sealed class GuestController
{
    /// <summary>LooksAlive's deadline.</summary>
    public static readonly TimeSpan LooksAliveTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>IsAlive's deadline.</summary>
    public static readonly TimeSpan IsAliveTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The most Open may spend starting the Virtual Server service.</summary>
    public static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(30);

    private readonly ResourceParts _parts;
    private readonly SettingsReader _settings = new();
    private readonly GuestChoice _choice;
    private readonly AliveCheck _alive;

    /// <summary>Creates the controller for one resource.</summary>
    public GuestController(IVirtualServer virtualServer, IClock clock)
    {
        _parts = new ResourceParts(virtualServer, clock);
        _choice = new GuestChoice(_parts);
        _alive = new AliveCheck(_parts);
    }

    private IClock Clock => _parts.Clock;

    /// <summary>Open: starts the Virtual Server service if stopped, creates Havm.vbs's properties. Win32 code.</summary>
    public int Open(IClusterResource resource) => new OpenRun(_parts).Run(resource, OpenTimeout);

    /// <summary>Online: brings the guest up on this node. Win32 code.</summary>
    public int Online(IClusterResource resource) => Logged(resource, "Online", () =>
    {
        var epoch = _parts.Epoch.Current;
        _parts.Polls.Reset();
        _parts.LastOnline.Reset();
        _parts.Memory.ForgetRename();
        _parts.Names.Node = resource.NodeName;
        _parts.Names.Name = resource.Name;
        var settings = _settings.Read(resource);
        var deadline = Deadline.From(Clock, _parts.Memory.DeadlineOrigin(Clock.Now, OpenTimeout), settings.OnlineTimeout);
        if (!settings.HasVirtualMachineName)
        {
            // The guest of an earlier run stays this resource's: a Terminate after this failure still stops it.
            resource.Log(EntryMessages.BlankName(resource.Name));
            return Win32Error.InvalidData;
        }

        var name = settings.VirtualMachineName.Trim();
        _parts.Memory.BeginIdentity(name);
        _parts.LastOnline.Note(online => online with { LastOnlineNodeAtStart = settings.LastOnlineNode });
        return new OnlineRun(new GuestRun(_parts, resource, settings, name, deadline, epoch, "Online")).Run();
    });

    /// <summary>LooksAlive: the guest's state only, within 250 ms.</summary>
    public bool LooksAlive(IClusterResource resource)
    {
        // A poll never fails over because the Resource object fails: it reads through, with the last good values.
        var tolerant = _parts.PollResources.Borrow(resource);
        try
        {
            return _alive.LooksAlive(tolerant, _choice.For(tolerant, ReadName(tolerant), "LooksAlive"), LooksAliveTimeout);
        }
        finally
        {
            _parts.PollResources.Return(tolerant);
        }
    }

    /// <summary>IsAlive: state, heartbeat and the bounded "cannot tell", within 10 s.</summary>
    public bool IsAlive(IClusterResource resource)
    {
        var tolerant = _parts.PollResources.Borrow(resource);
        try
        {
            var settings = _settings.ReadPoll(tolerant);
            var deadline = Deadline.After(Clock, IsAliveTimeout);
            return _alive.IsAlive(tolerant, _choice.For(tolerant, settings.VirtualMachineName, "IsAlive"), settings, deadline);
        }
        finally
        {
            _parts.PollResources.Return(tolerant);
        }
    }

    /// <summary>Offline: saves (or as OfflineAction says) the guest. Win32 code.</summary>
    public int Offline(IClusterResource resource) => Logged(resource, "Offline", () =>
    {
        var epoch = _parts.Epoch.Current;
        var settings = _settings.Read(resource);
        var deadline = Deadline.After(Clock, settings.OfflineTimeout);
        var name = _choice.For(resource, settings.VirtualMachineName, "Offline");
        if (name.Length == 0)
        {
            name = _choice.ByConfigurationFile(resource, settings, deadline, "Offline");
        }

        if (name.Length == 0)
        {
            resource.Log(EntryMessages.NothingToStop("Offline"));
            return Win32Error.Success;
        }

        return new StopRun(new GuestRun(_parts, resource, settings, name, deadline, epoch, "Offline"), StopReason.Offline).Run();
    });

    /// <summary>
    /// Terminate: leaves the guest not running, never cutting off a save. Win32 code (ignored by the host). A failing
    /// <c>Resource</c> object never stops it: settings it cannot read keep their last good value, else the default.
    /// </summary>
    public int Terminate(IClusterResource resource)
    {
        // First of all, so that a pending Online or Offline stops before touching the guest again.
        _parts.Epoch.Advance();
        var tolerant = new TolerantResource(resource, _parts.Names);
        return Logged(tolerant, "Terminate", () =>
        {
            var settings = _settings.Read(tolerant);
            var deadline = Deadline.From(Clock, _parts.Memory.DeadlineOrigin(Clock.Now, OpenTimeout), settings.TerminateTimeout);
            var name = _choice.For(tolerant, settings.VirtualMachineName, "Terminate");
            if (name.Length == 0 && !settings.VirtualMachineNameKnown)
            {
                tolerant.Log(EntryMessages.TerminateNameUnreadable(tolerant.NodeName));
                return Win32Error.FunctionFailed;
            }

            if (name.Length == 0)
            {
                name = _choice.ByConfigurationFile(tolerant, settings, deadline, "Terminate");
            }

            if (name.Length == 0)
            {
                tolerant.Log(EntryMessages.NothingToStop("Terminate"));
                return Win32Error.Success;
            }

            return new StopRun(new GuestRun(_parts, tolerant, settings, name, deadline, null, "Terminate"), StopReason.Terminate).Run();
        });
    }

    /// <summary>Close: releases the COM objects held; keeps what the resource learned. Win32 code.</summary>
    public int Close(IClusterResource resource) => Logged(resource, "Close", () =>
    {
        _parts.LastOnline.Note(online => online with { PendingStart = null });
        _parts.Probe.Forget();
        _parts.VirtualServer.Release();
        return Win32Error.Success;
    });

    /// <summary>LooksAlive reads only the name: it runs every 5 s and must stay cheap. Null: unreadable.</summary>
    private static string? ReadName(IClusterResource resource)
    {
        var value = resource.ReadProperty(PropertyNames.VirtualMachineName);
        return value.Kind is PropertyValueKind.Text or PropertyValueKind.Number ? value.Text
            : value.Kind == PropertyValueKind.Unreadable ? null
            : string.Empty;
    }

    private int Logged(IClusterResource resource, string entryPoint, Func<int> body)
    {
        var start = Clock.Now;
        resource.Log(EntryMessages.Entering(entryPoint, resource.NodeName));
        var result = body();
        resource.Log(EntryMessages.Returning(entryPoint, result, Clock.Now - start));
        return result;
    }
}
