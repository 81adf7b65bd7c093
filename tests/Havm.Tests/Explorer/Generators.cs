using CsCheck;
using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Tests.Fakes;

namespace Havm.Tests.Explorer;

/// <summary>The explorer's generators: host actions and Virtual Server's behaviours, weighted toward the interesting.</summary>
internal static class Generators
{
    private static readonly Gen<GuestState> AnyState = Gen.OneOfConst(
        GuestState.TurnedOff, GuestState.Saved, GuestState.TurningOn, GuestState.Restoring, GuestState.Running,
        GuestState.Paused, GuestState.Saving, GuestState.TurningOff, GuestState.MergingDrives, GuestState.Invalid, GuestState.DeleteMachine);

    private static readonly Gen<VsCall> AnyCall = Gen.OneOfConst(
        VsCall.FindGuest, VsCall.ReadState, VsCall.Startup, VsCall.Save, VsCall.TurnOff, VsCall.Resume, VsCall.ShutdownGuestOs,
        VsCall.DiscardSavedState, VsCall.IsHeartbeating, VsCall.HeartbeatPercentage, VsCall.ReadConfiguration, VsCall.TaskWait,
        VsCall.TaskReadStatus, VsCall.TaskCancel);

    private static readonly Gen<VsCall> TaskMethod = Gen.OneOfConst(VsCall.Startup, VsCall.Save, VsCall.TurnOff, VsCall.Resume, VsCall.ShutdownGuestOs);

    private static readonly Gen<Step> Property = Gen.OneOf(
        Gen.Int[5, 200].Select(v => (Step)new SetProperty(PropertyNames.OnlineTimeoutSeconds, v)),
        Gen.Int[5, 200].Select(v => (Step)new SetProperty(PropertyNames.OfflineTimeoutSeconds, v)),
        Gen.Int[5, 200].Select(v => (Step)new SetProperty(PropertyNames.TerminateTimeoutSeconds, v)),
        Gen.Int[0, 2].Select(v => (Step)new SetProperty(PropertyNames.OfflineAction, v)),
        Gen.Int[1, 3].Select(v => (Step)new SetProperty(PropertyNames.HeartbeatMissesBeforeFailure, v)),
        Gen.Int[0, 1].Select(v => (Step)new SetProperty(PropertyNames.UseAdditionsIsAlive, v)),
        Gen.Int[0, 1].Select(v => (Step)new SetProperty(PropertyNames.AdditionsIsAliveFailureRecoveryAction, v)),
        Gen.Int[0, 1].Select(v => (Step)new SetProperty(PropertyNames.DiscardUnrestorableSavedState, v)),
        Gen.Int[0, 30].Select(v => (Step)new SetProperty(PropertyNames.AdditionsIsAliveHeartbeatThreshold, v)));

    /// <summary>One step.</summary>
    public static readonly Gen<Step> Step = Gen.Frequency(
        (10, Gen.Const((Step)new HostOnline())),
        (10, Gen.Int[0, 12].Select(n => (Step)new HostPoll(n))),
        (6, Gen.Const((Step)new HostOffline())),
        (3, Gen.Const((Step)new HostFailure())),
        (1, Gen.Const((Step)new HostBareOpenClose())),
        (1, Gen.Const((Step)new HostRecycle())),
        (5, Gen.Int[1, 400].Select(s => (Step)new Pass(s))),
        (4, Gen.Int[1, 12].Select(at => (Step)new TerminateDuring(at))),
        (2, Gen.Int[13, 400].Select(at => (Step)new TerminateDuring(at))),
        (8, Gen.Select(AnyState, Gen.Int[0, 30], (s, after) => (Step)new GuestBecomes(s, after))),
        (8, Gen.Select(AnyCall, Gen.Int[0, ExplorerFaults.All.Count - 1], Gen.OneOfConst(1, 1, 2, 3, 100), (c, f, t) => (Step)new CallFails(c, f, t))),
        (6, Gen.Select(TaskMethod, Gen.Enum<TaskKind>(), Gen.Int[1, 20], (m, k, s) => (Step)new TaskBehaves(m, k, s))),
        (3, Gen.Select(Gen.Enum<ServiceEvent>(), Gen.Int[1, 60], (e, s) => (Step)new ServiceDoes(e, s))),
        (5, Gen.OneOfConst(-1, 0, 0, 10, 40, 100).Select(p => (Step)new Heartbeat(p))),
        (2, Gen.Const((Step)new Unregistered())),
        (2, Gen.Int[1, 6].Select(n => (Step)new ResourceFails(n))),
        (2, Gen.OneOfConst("Guest1", "Guest2", string.Empty, " guest1 ").Select(n => (Step)new Renamed(n))),
        (2, Gen.Const((Step)new OtherNodeTookOver())),
        (3, Property),
        (2, Gen.Bool.Select(b => (Step)new UndoDisks(b))));

    /// <summary>A whole history.</summary>
    public static readonly Gen<Scenario> Scenario = Gen.Select(
        AnyState,
        Gen.OneOfConst(string.Empty, FakeResource.DefaultNode, "NODE-B"),
        Gen.Bool,
        Step.Array[4, 40],
        (state, node, path, steps) => new Scenario(state, node, path, steps));
}
