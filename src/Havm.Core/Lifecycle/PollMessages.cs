using Havm.Core.Health;

namespace Havm.Core.Lifecycle;

/// <summary>The log wording of LooksAlive and IsAlive (behaviour.md section 3): verdicts are logged when they change.</summary>
internal static class PollMessages
{
    public const string BlankName = "VirtualMachineName is blank";

    public const string NotUsed = "running (heartbeat not used)";

    /// <summary>What a heartbeat verdict's reason follows.</summary>
    public const string Running = "running, ";

    public const string AdministratorsAction = ": an administrator's action, not a failure";

    public static string Verdict(string entryPoint, bool alive, string reason) => entryPoint + ": " + (alive ? "true" : "false") + ": " + reason;

    public static string LooksAliveCannotTell(string reason) => "LooksAlive: false: cannot tell (IsAlive decides): " + reason;

    public static string HeartbeatNotOffered(string failure) => "running; heartbeat not enforced: the Additions do not offer it (" + failure + ")";

    public static string CannotTellCountingAlive(string why) =>
        "IsAlive: cannot tell whether the guest runs (" + why + "); counting it as alive for at most " + Describe.WholeSeconds(UncertaintyWindow.Limit)
        + " s in a row, so that a hung Virtual Server does not move a disk under a running guest";

    public static string StillCannotTell(string why) =>
        "IsAlive: still cannot tell after " + Describe.WholeSeconds(UncertaintyWindow.Limit) + " s (" + why + "): reporting failure";
}
