namespace Havm.Tests.Lifecycle;

// Assumed log vocabulary. The lifecycle tests assert on these key phrases only (case-insensitive Contains),
// never on whole lines, so the implementation may word the rest of each line freely:
//   "superseded by Terminate"          Online/Offline stopped by a Terminate (behaviour.md 5, termination epoch)
//   "save still in progress"           deadline reached while a save runs (4, Offline; also Terminate)
//   "may still be running on node X"   Terminate could not reach Virtual Server (4, Terminate)
//   "IsAlive watches"                  Online returned 0 while a start/restore still progresses (4, Online step 4)
//   "not registered"                   Online: Virtual Server does not know the guest (4, Online step 1)
//   "cluster res"                      the fixing command, e.g. cluster res "Guest1Script" /priv VirtualMachineName=...
// Words taken from the contract itself (property names, result names) are asserted where the contract
// requires them: OnlineTimeoutSeconds and PendingTimeout (Online step 4), DiscardUnrestorableSavedState=1
// (Online step 5), a task result's name (Online step 5), both node names (Online step 2).

/// <summary>The key phrases the implementation's log lines are expected to contain (see the comment above).</summary>
internal static class LogPhrases
{
    public const string SupersededByTerminate = "superseded by Terminate";
    public const string SaveStillInProgress = "save still in progress";
    public const string MayStillBeRunningOnNode = "may still be running on node";
    public const string IsAliveWatches = "IsAlive watches";
    public const string NotRegistered = "not registered";
    public const string ClusterRes = "cluster res";
}
