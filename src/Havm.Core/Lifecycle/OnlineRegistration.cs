using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>
/// Online step 1 (behaviour.md section 4): a node whose Virtual Server does not know the guest registers its virtual
/// networks and the guest from the files on cluster storage (VirtualNetworkConfigurationPaths,
/// VirtualMachineConfigurationPath).
/// </summary>
internal sealed class OnlineRegistration
{
    private readonly GuestRun _run;
    private readonly OnlineReportMessages _tell;
    private readonly string _timeoutFix;
    private string[]? _guestsBefore;

    /// <summary>Registration for <paramref name="run"/>; <paramref name="timeoutFix"/> is the fix for an Online that needs longer than OnlineTimeoutSeconds, as the log words it.</summary>
    public OnlineRegistration(GuestRun run, string timeoutFix)
    {
        _run = run;
        _tell = new OnlineReportMessages(run);
        _timeoutFix = timeoutFix;
    }

    /// <summary>
    /// Registers the virtual networks Virtual Server does not know, then the guest. Looks again when registered;
    /// otherwise ends with the Win32 code.
    /// </summary>
    public Next Register()
    {
        if (_run.Superseded)
        {
            return _run.Aborted();
        }

        var virtualServer = _run.Parts.VirtualServer;
        var settings = _run.Settings;
        if (settings.NetworkPaths.Length > 0)
        {
            var known = virtualServer.NetworkFiles(_run.Deadline);
            if (!known.IsOk)
            {
                return _run.Failed(known, _tell.CannotListNetworks(known.ToString()));
            }

            foreach (var network in settings.NetworkPaths.Where(p => !known.Value.Any(k => FilePaths.Same(k, p))))
            {
                var registered = virtualServer.RegisterNetwork(network, _run.Deadline, _run.Guard);
                if (!registered.IsOk)
                {
                    return Failed("virtual network", network, registered);
                }

                _run.Log(_tell.RegisteredNetwork(network));
            }
        }

        // What Virtual Server knew before: only a guest this registration brought in may be unregistered again.
        var before = virtualServer.GuestNames(_run.Deadline);
        _guestsBefore = before.IsOk ? before.Value : null;
        var guest = virtualServer.RegisterGuest(settings.ConfigurationPath, _run.Deadline, _run.Guard);
        if (!guest.IsOk)
        {
            return Failed("guest '" + _run.Name + "'", settings.ConfigurationPath, guest);
        }

        _run.Log(_tell.RegisteredGuest());
        return Next.LookAgain(GuestState.Invalid);
    }

    /// <summary>
    /// The configuration file registered a guest of another name: that registration is undone (so that the next
    /// Online meets the same fault, not Virtual Server's refusal of a second registration) and Online fails with 13.
    /// </summary>
    public int RegisteredAnotherGuest()
    {
        var other = GuestChoice.NameRegisteredFrom(_run.Parts.VirtualServer, _run.Settings.ConfigurationPath, _run.Deadline);
        var undone = string.Empty;
        var broughtIn = other.Length > 0 && _guestsBefore is { } before && !before.Any(n => string.Equals(n, other, StringComparison.OrdinalIgnoreCase));
        if (other.Length > 0 && !broughtIn)
        {
            // Registered before this Online (or it cannot be told): another resource's guest, perhaps running; left alone.
            undone = _tell.OtherGuestLeft(other);
        }
        else if (broughtIn)
        {
            var unregistered = _run.Parts.VirtualServer.UnregisterGuest(other, _run.Deadline, _run.Guard);
            if (unregistered.FailedWith(HResults.OperationAborted))
            {
                return _run.Aborted().Code;
            }

            undone = unregistered.IsOk ? _tell.OtherGuestUnregistered(other) : _tell.OtherGuestStays(other, unregistered.ToString());
        }

        _run.Log(_tell.RegisteredAnotherGuest(other, undone));
        return Win32Error.InvalidData;
    }

    private Next Failed<T>(string what, string file, VsAnswer<T> answer) =>
        _run.Failed(answer, answer.Kind == VsAnswerKind.TimedOut
            ? _tell.RegistrationTimedOut(what, file, _timeoutFix)
            : _tell.RegistrationFailed(what, file, answer.ToString()));
}
