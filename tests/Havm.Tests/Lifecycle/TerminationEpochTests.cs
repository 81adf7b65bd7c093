using System.Collections.Concurrent;
using System.Threading;
using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.Lifecycle;

/// <summary>
/// The termination epoch (behaviour.md section 5): a Terminate that begins while Online or Offline waits makes them
/// stop with 995 and touch the guest no more. Deterministic: Terminate runs to its end inside the waiting entry
/// point's task wait or clock sleep.
/// </summary>
[TestFixture]
public sealed class TerminationEpochTests
{
    public enum Interruption
    {
        /// <summary>Online waits on a cancelable Startup task.</summary>
        OnlineCancelableStart,
        /// <summary>Online waits on a Startup task that completes 20 s later and cannot be cancelled.</summary>
        OnlineSlowStart,
        /// <summary>Online waits (sleeping) for a guest that is saving by itself.</summary>
        OnlineWaitingForSave,
        /// <summary>Offline waits on its Save task, which completes 30 s later.</summary>
        OfflineSave,
        /// <summary>Offline (OfflineAction 2) waits for the guest OS to shut down.</summary>
        OfflineShutdown,
    }

    [TestCaseSource(nameof(AllInterruptions))]
    public void EntryPoint_TerminateBeginsWhileItWaits_ReturnsOperationAborted(Interruption interruption)
    {
        // arrange
        var (world, terminate, act) = Arrange(interruption);

        // act
        var rc = act();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.OperationAborted), () => Describe(world, terminate));
    }

    [TestCaseSource(nameof(AllInterruptions))]
    public void EntryPoint_TerminateBeginsWhileItWaits_LogsSupersededByTerminate(Interruption interruption)
    {
        // arrange
        var (world, terminate, act) = Arrange(interruption);

        // act
        act();

        // assert
        Assert.That(world.Resource.LogContains(LogPhrases.SupersededByTerminate), Is.True, () => Describe(world, terminate));
    }

    [TestCaseSource(nameof(AllInterruptions))]
    public void EntryPoint_TerminateBeginsWhileItWaits_ChangesTheGuestNoMore(Interruption interruption)
    {
        // arrange
        var (world, terminate, act) = Arrange(interruption);

        // act
        act();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(terminate.HasRun, Is.True, "Terminate was triggered");
            Assert.That(world.Guest.MutationsSince(terminate.Mark, terminate.InterruptedThreadId), Is.Empty, () => Describe(world, terminate));
        }
    }

    [TestCaseSource(nameof(AllInterruptions))]
    public void Terminate_WhileAnotherEntryPointWaits_FinishesWithoutError(Interruption interruption)
    {
        // arrange
        var (world, terminate, act) = Arrange(interruption);

        // act
        act();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(terminate.Finished, Is.True, "Terminate finished (no deadlock)");
            Assert.That(terminate.Error, Is.Null);
            Assert.That(terminate.Result, Is.EqualTo(Win32Error.Success), () => Describe(world, terminate));
        }
    }

    [TestCaseSource(nameof(AllInterruptions))]
    public void Terminate_WhileAnotherEntryPointWaits_LeavesTheGuestNotRunning(Interruption interruption)
    {
        // arrange
        var (world, _, act) = Arrange(interruption);

        // act
        act();

        // assert
        Assert.That(world.Guest.State, Is.AnyOf(GuestState.Saved, GuestState.TurnedOff), world.Resource.Dump);
    }

    [TestCase(Interruption.OnlineWaitingForSave)]
    [TestCase(Interruption.OfflineSave)]
    public void Terminate_WhileAnotherEntryPointWaitsForASave_NeverTurnsItOff(Interruption interruption)
    {
        // arrange
        var (world, _, act) = Arrange(interruption);

        // act
        act();

        // assert
        Assert.That(world.Guest.WasCalled(VsCall.TurnOff), Is.False);
    }

    [Test]
    public void Online_TerminateReenteredOnTheSameThreadWhileItWaits_ReturnsOperationAborted()
    {
        // arrange
        var world = new World(GuestState.Saved);
        world.Guest.OnStartup.NeverCompletes();
        world.Guest.OnStartup.IsCancelable = true;
        world.Guest.OnStartup.PercentPerWait = 1;
        var terminate = new ConcurrentTerminate(world, sameThread: true);
        world.Guest.OnStartup.OnWait = _ => terminate.RunOnce();

        // act
        var rc = world.OpenOnline();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.EqualTo(Win32Error.OperationAborted), () => Describe(world, terminate));
            Assert.That(world.Guest.State, Is.EqualTo(GuestState.Saved));
        }
    }

    [Test]
    public void Online_AfterASupersededRun_StartsNormally()
    {
        // arrange
        var (world, _, act) = Arrange(Interruption.OnlineCancelableStart);
        act();
        world.Guest.OnStartup.Reset();

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    [Test]
    public void IsAliveAndLooksAlive_ManyThreadsAtOnce_NeverThrowAndAgree()
    {
        // arrange
        var world = World.HeartbeatSeen();
        const int Threads = 8;
        const int Calls = 200;
        var errors = new ConcurrentQueue<Exception>();
        var verdicts = new ConcurrentQueue<bool>();
        using var gate = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
        {
            gate.SignalAndWait();
            for (var n = 0; n < Calls; n++)
            {
                try
                {
                    verdicts.Enqueue((i + n) % 2 == 0 ? world.IsAlive() : world.LooksAlive());
                }
#pragma warning disable CA1031 // collected and asserted below
                catch (Exception e)
#pragma warning restore CA1031
                {
                    errors.Enqueue(e);
                }
            }
        })
        { IsBackground = true }).ToList();

        // act
        threads.ForEach(t => t.Start());
        var joined = threads.All(t => t.Join(TimeSpan.FromSeconds(60)));

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(joined, Is.True, "no deadlock");
            Assert.That(errors, Is.Empty);
            Assert.That(verdicts, Has.Count.EqualTo(Threads * Calls));
            Assert.That(verdicts, Is.All.True);
        }
    }

    [Test]
    public void IsAlive_ManyThreadsWhileTheGuestStops_EveryVerdictMatchesAState()
    {
        // arrange
        var world = World.HeartbeatSeen();
        const int Threads = 6;
        var errors = new ConcurrentQueue<Exception>();
        using var gate = new Barrier(Threads + 1);
        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            gate.SignalAndWait();
            for (var n = 0; n < 100; n++)
            {
                try
                {
                    world.IsAlive();
                }
#pragma warning disable CA1031 // collected and asserted below
                catch (Exception e)
#pragma warning restore CA1031
                {
                    errors.Enqueue(e);
                }
            }
        })
        { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());

        // act
        gate.SignalAndWait();
        world.Guest.State = GuestState.TurnedOff;
        var joined = threads.All(t => t.Join(TimeSpan.FromSeconds(60)));
        var final = world.IsAlive();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(joined, Is.True, "no deadlock");
            Assert.That(errors, Is.Empty);
            Assert.That(final, Is.False);
        }
    }

    private static IEnumerable<Interruption> AllInterruptions() => Enum.GetValues<Interruption>();

    private static (World World, ConcurrentTerminate Terminate, Func<int> Act) Arrange(Interruption interruption)
    {
        World world;
        ConcurrentTerminate terminate;
        switch (interruption)
        {
            case Interruption.OnlineCancelableStart:
                world = new World(GuestState.Saved);
                terminate = new ConcurrentTerminate(world);
                world.Guest.OnStartup.NeverCompletes();
                world.Guest.OnStartup.IsCancelable = true;
                world.Guest.OnStartup.PercentPerWait = 1;
                world.Guest.OnStartup.OnWait = _ => terminate.RunOnce();
                return (world, terminate, () => OnlineTriggeringAtFirstSleep(world, terminate));
            case Interruption.OnlineSlowStart:
                world = new World(GuestState.TurnedOff);
                terminate = new ConcurrentTerminate(world);
                world.Guest.OnStartup.NeverCompletes();
                world.Guest.OnStartup.CompletesAfter = TimeSpan.FromSeconds(20);
                world.Guest.OnStartup.PercentPerWait = 1;
                world.Guest.OnStartup.OnWait = _ => terminate.RunOnce();
                return (world, terminate, () => OnlineTriggeringAtFirstSleep(world, terminate));
            case Interruption.OnlineWaitingForSave:
                world = new World(GuestState.Saving);
                terminate = new ConcurrentTerminate(world);
                world.Guest.BecomesAfter(TimeSpan.FromSeconds(20), GuestState.Saved);
                return (world, terminate, () => OnlineTriggeringAtFirstSleep(world, terminate));
            case Interruption.OfflineSave:
                world = World.Started();
                terminate = new ConcurrentTerminate(world);
                world.Guest.OnSave.NeverCompletes();
                world.Guest.OnSave.CompletesAfter = TimeSpan.FromSeconds(30);
                world.Guest.OnSave.OnWait = _ => terminate.RunOnce();
                return (world, terminate, () => OfflineTriggeringAtFirstSleep(world, terminate));
            case Interruption.OfflineShutdown:
                world = World.Started();
                terminate = new ConcurrentTerminate(world);
                world.Resource.Set(PropertyNames.OfflineAction, 2);
                world.Guest.OnShutdown.NeverCompletes();
                world.Guest.OnShutdown.CompletesAfter = TimeSpan.FromSeconds(20);
                world.Guest.OnShutdown.OnWait = _ => terminate.RunOnce();
                return (world, terminate, () => OfflineTriggeringAtFirstSleep(world, terminate));
            default:
                throw new InvalidOperationException("unknown " + interruption);
        }
    }

    /// <summary>Online, with Terminate also triggered by its first clock sleep (for waits that watch the state).</summary>
    private static int OnlineTriggeringAtFirstSleep(World world, ConcurrentTerminate terminate)
    {
        world.Open();
        world.Clock.OnSleep = terminate.RunOnce;
        return world.Controller.Online(world.Resource);
    }

    /// <summary>Offline, with Terminate also triggered by its first clock sleep (for waits that watch the state).</summary>
    private static int OfflineTriggeringAtFirstSleep(World world, ConcurrentTerminate terminate)
    {
        world.Clock.OnSleep = terminate.RunOnce;
        return world.Offline();
    }

    private static string Describe(World world, ConcurrentTerminate terminate) =>
        "Terminate: run=" + terminate.HasRun + " finished=" + terminate.Finished + " rc=" + terminate.Result + " error=" + terminate.Error
        + Environment.NewLine + string.Join(Environment.NewLine, world.Server.Calls.Select(c => c.Name + " @" + c.ThreadId))
        + Environment.NewLine + world.Resource.Dump();
}
