namespace Havm.TestBed.Runner;

/// <summary>
/// The scenarios: the cluster's call orders (behaviour.md section 1) with the guest states, Virtual Server
/// failures and property values that matter. Expected values are Havm.Net's, from the contract; the same
/// steps run against Havm.vbs, whose answers are recorded, not checked.
/// </summary>
internal static partial class Scenarios
{
    private const int Off = 1, Saved = 2, TurningOn = 3, Restoring = 4, Running = 5, Paused = 6, Saving = 7, TurningOff = 8, Merging = 9, Deleting = 10, Invalid = 0;
    private const string EFail = "0x80004005", ServerExecFailure = "0x80080005", ServerUnavailable = "0x800706BA";

    /// <summary>A healthy node: the service runs, guest vm1 in the given state, VirtualMachineName=vm1, tasks that need one wait.</summary>
    private static Steps Std(int state)
    {
        var s = new Steps();
        s.Service("start")
            .Fake("WaitCapMs", 3000)
            .Guest("vm1", state)
            .Guest("vm2", Off)
            .Fake("SetTaskPlan", "Startup", "waits:1", 0, 0, false, -1, 0)
            .Fake("SetTaskPlan", "Save", "waits:1", 0, 0, false, -1, 0)
            .Prop("VirtualMachineName", "vm1");
        return s;
    }

    /// <summary>
    /// The guest runs, State answers, GuestOS.HeartbeatPercentage hangs for 10 minutes: IsAlive is polled (back to back,
    /// then every 5 s) for <paramref name="pollFor"/> s of real time. Counts the host process's threads after every
    /// poll and the hung calls Virtual Server saw: a worker stuck over 60 s is abandoned and no other is started while
    /// it is, so one hung call and at most one more thread, whatever the polls (spec section 5).
    /// </summary>
    private static Scenario HungHeartbeat(string name, int pollFor, bool expectAlive)
    {
        var steps = Std(Off).BringOnline().Call("IsAlive", "IsAlive").Threads("threads before")
            .Fake("Block", "HeartbeatPercentage", 600_000, -1);
        var polls = new List<string>();
        int elapsed = 0;
        for (int i = 1; elapsed < pollFor * 1000; i++)
        {
            string label = $"IsAlive#{i}";
            polls.Add(label);
            // a poll costs its 10 s deadline while the worker is stuck and not yet abandoned (the first 60 s), then nothing
            steps.Call("IsAlive", label, timeoutMs: 20000, show: false).Threads($"threads#{i}");
            elapsed += elapsed < 60_000 ? 10_000 : 5_000;
            if (elapsed > 60_000)
            {
                steps.Sleep(5000);
            }
        }

        steps.Count(".GuestOS.HeartbeatPercentage", "hung reads").Count("CreateObject(", "activations");
        var sc = new Scenario
        {
            Name = name,
            Change = "6 (True while it cannot tell, bounded); Havm.vbs blocks with Virtual Server (not run)",
            HavmNotRun = true,
            Long = pollFor > 200,
            TimeoutSeconds = pollFor + 120,
            Steps = steps,
        };
        var last = polls[^1];
        sc.Expect(
            Is.Returns("IsAlive", "True"),
            Is.Returns(polls[0], "True"), Is.Within(polls[0], 11000),
            Is.Returns(last, expectAlive ? "True" : "False"),
            Is.Number("hung reads", "one hung HeartbeatPercentage read (one worker stuck; no new one while it is)", n => n == 1),
            Is.Number("activations", "VirtualServer.Application created once (by Online): no new connection while the worker is stuck", n => n == 1),
            Is.Logged(polls[0], "IsAlive: cannot tell whether the guest runs", "counting it as alive for at most 300 s in a row"),
            Is.LoggedTimes(null, "IsAlive: cannot tell", 1),
            new Check("threads of the host process after each poll: at most one more than before the hang", r =>
            {
                var before = r.Step("threads before")?.Value;
                var counts = polls.Select((_, i) => r.Step($"threads#{i + 1}")?.Value).ToList();
                bool ok = int.TryParse(before, out int b) && counts.All(c => int.TryParse(c, out int n) && n <= b + 1);
                return (ok, $"before {before}, after each poll {string.Join(",", counts)}");
            }));
        if (!expectAlive)
        {
            sc.Expect(Is.Logged(null, "IsAlive: still cannot tell after 300 s", "reporting failure"));
        }

        return sc;
    }

    public static List<Scenario> All(Func<string, Action>? unregister, Func<string, Action>? register, Action? restartWine = null)
    {
        var list = new List<Scenario>();

        // ---- lifecycle -----------------------------------------------------------------------------------------
        list.Add(new Scenario
        {
            Name = "online-from-turned-off",
            Change = "none (Open: Havm.vbs returns Empty, which the host counts as 0)",
            Steps = Std(Off).BringOnline().Call("LooksAlive", "LooksAlive").Call("IsAlive", "IsAlive").TakeOffline().State("vm1"),
        }.Expect(
            Is.Returns("Open", "0"), Is.Returns("Online", "0"), Is.Returns("LooksAlive", "True"), Is.Returns("IsAlive", "True"),
            Is.Returns("Offline", "0"), Is.Returns("Close", "0"), Is.FinalState("vm1", Saved), Is.Called("vm1.Startup"),
            Is.Called("vm1.Save"), Is.LastOnlineNodeIsThisNode(), Is.NotLogged("Offline", "not in the started state")));

        list.Add(new Scenario
        {
            Name = "restore-saved-and-reload",
            Steps = Std(Saved).BringOnline("Online#1").Call("LooksAlive", "LooksAlive#1").TakeOffline("Offline#1")
                .BringOnline("Online#2").Call("IsAlive", "IsAlive#2").TakeOffline("Offline#2").State("vm1"),
        }.Expect(
            Is.Returns("Online#1", "0"), Is.Returns("LooksAlive#1", "True"), Is.Returns("Offline#1", "0"),
            Is.Returns("Online#2", "0"), Is.Returns("IsAlive#2", "True"), Is.Returns("Offline#2", "0"), Is.FinalState("vm1", Saved)));

        var create = new Steps();
        create.Service("start").Guest("vm1", Off)
            .Load().Call("Open", "Open#1").Call("Close", "Close#1").Unload()
            .Prop("UseAdditionsIsAlive", 0)
            .Load().Call("Open", "Open#2").Call("Close", "Close#2").Unload();
        list.Add(new Scenario
        {
            Name = "create-resource-open-close",
            Change = "11 (only Havm.vbs's three properties are created)",
            Steps = create,
        }.Expect(
            Is.Returns("Open#1", "0"), Is.Returns("Close#1", "0"), Is.Returns("Open#2", "0"), Is.Returns("Close#2", "0"),
            Is.Property("VirtualMachineName", ""), Is.Property("UseAdditionsIsAlive", "0"), Is.Property("AdditionsIsAliveFailureRecoveryAction", "1"),
            Is.Property("HeartbeatMissesBeforeFailure", null), Is.Property("OnlineTimeoutSeconds", null), Is.Property("OfflineAction", null)));

        list.Add(new Scenario
        {
            Name = "online-blank-name",
            Steps = Std(Off).Prop("VirtualMachineName", "").BringOnline().Failure(),
        }.Expect(Is.Returns("Online", "13"), Is.Logged("Online", "cluster", "VirtualMachineName"), Is.NotCalled("vm1.Startup")));

        list.Add(new Scenario
        {
            Name = "online-guest-not-registered",
            Change = "9 (Havm.vbs: error from a call on Nothing; 424 on Windows, E_FAIL under Wine)",
            Steps = Std(Off).Prop("VirtualMachineName", "nosuch").BringOnline().Failure(),
        }.Expect(Is.Returns("Online", "1168"), Is.Logged("Online", "nosuch", "vm1")));

        list.Add(new Scenario
        {
            Name = "online-found-running",
            Steps = Std(Running).BringOnline().Failure().State("vm1"),
        }.Expect(Is.Returns("Online", "1"), Is.FinalState("vm1", Saved), Is.Called("vm1.Save"), Is.NotCalled("vm1.TurnOff")));

        list.Add(new Scenario
        {
            Name = "online-stale-instance",
            Change = "9 (a stale instance is turned off, not saved)",
            Steps = Std(Running).Prop("LastOnlineNode", "OTHERNODE").BringOnline().State("vm1", "vm1@Online").Failure().State("vm1"),
        }.Expect(Is.Returns("Online", "1"), Is.Logged("Online", "OTHERNODE"), Is.Called("vm1.TurnOff"), Is.NotCalled("vm1.Save"),
            Is.FinalState("vm1", Off)));

        list.Add(new Scenario
        {
            Name = "online-paused-resumes",
            Change = "9 (Havm.vbs: Startup fails with VM_E_VM_RUNNING and Online still returns 0, guest left paused)",
            Steps = Std(Paused).BringOnline().State("vm1"),
        }.Expect(Is.Returns("Online", "0"), Is.Called("vm1.Resume"), Is.FinalState("vm1", Running)));

        list.Add(new Scenario
        {
            Name = "online-while-saving",
            Change = "9 (Havm.vbs: Startup refused, Online returns 0 with the guest saved)",
            Steps = Std(Saving).Fake("ScheduleState", "vm1", Saved, 1500).BringOnline().State("vm1"),
        }.Expect(Is.Returns("Online", "0"), Is.Called("vm1.Startup"), Is.FinalState("vm1", Running)));

        list.Add(new Scenario
        {
            Name = "online-startup-completes-at-once",
            Change = "3 (Havm.vbs reads a Running state right after a successful Startup as 'already running': 1)",
            Steps = Std(Off).Fake("SetTaskPlan", "Startup", "now", 0, 0, false, -1, 0).BringOnline().Failure().State("vm1"),
        }.Expect(Is.Returns("Online", "0"), Is.FinalState("vm1", Saved)));

        list.Add(new Scenario
        {
            Name = "online-start-stuck",
            Change = "1, 2 (Havm.vbs: the wait runs out, no return value = success)",
            Steps = Std(Off).Prop("OnlineTimeoutSeconds", 3).Fake("SetTaskPlan", "Startup", "never", 0, 0, false, -1, 0)
                .BringOnline(timeoutMs: 15000),
        }.Expect(Is.Returns("Online", "1460"), Is.Within("Online", 4500), Is.Logged("Online", "OnlineTimeoutSeconds")));

        list.Add(new Scenario
        {
            Name = "online-slow-restore-then-terminate",
            Change = "1 exception (progressing restore returns 0), 7 (Terminate cancels it: guest back to Saved)",
            Steps = Std(Saved).Prop("OnlineTimeoutSeconds", 3).Fake("SetTaskPlan", "Startup", "ms:60000", 0, 0, true, -1, 0)
                .BringOnline(timeoutMs: 15000).Call("LooksAlive", "LooksAlive").Failure().State("vm1"),
        }.Expect(Is.Returns("Online", "0"), Is.Within("Online", 4500), Is.Returns("LooksAlive", "True"), Is.Called(".Cancel"),
            Is.FinalState("vm1", Saved), Is.NotCalled("vm1.TurnOff")));

        list.Add(new Scenario
        {
            Name = "online-task-fails",
            Change = "1 (a task that ends in error is a failure; Havm.vbs ignores Result)",
            Steps = Std(Off).Fake("SetTaskPlan", "Startup", "waits:1", 4, "0xA004067C", false, -1, 0).BringOnline().Failure(),
        }.Expect(Is.ReturnsNot("Online", "0", "Empty"), Is.Logged("Online", "Disk")));

        list.Add(new Scenario
        {
            Name = "online-unrestorable-saved-state",
            Change = "1 (Havm.vbs returns 0; section 4 Online step 5 logs the two ways out)",
            Steps = Std(Saved).Fake("SetTaskPlan", "Startup", "waits:1", 5, "0xA0040306", false, Saved, 0).BringOnline().State("vm1"),
        }.Expect(Is.ReturnsNot("Online", "0", "Empty"), Is.Logged("Online", "DiscardUnrestorableSavedState"), Is.NotCalled("DiscardSavedState"),
            Is.FinalState("vm1", Saved)));

        list.Add(new Scenario
        {
            Name = "online-unrestorable-discarded",
            Change = "11 (DiscardUnrestorableSavedState=1: discard once and cold-boot)",
            Steps = Std(Saved).Prop("DiscardUnrestorableSavedState", 1)
                .Fake("SetTaskPlan", "Startup", "waits:1", 5, "0xA0040306", false, Saved, 1).BringOnline().State("vm1"),
        }.Expect(Is.Returns("Online", "0"), Is.Called("vm1.DiscardSavedState"), Is.FinalState("vm1", Running)));

        var stopped = Std(Off).Load().Call("Open", "Open").Service("stop").Fake("Disconnect").Fake("Fail", "Create", ServerExecFailure, -1)
            .Call("Online", "Online").Call("LooksAlive", "LooksAlive").Call("IsAlive", "IsAlive").Service("start");
        list.Add(new Scenario
        {
            Name = "online-service-stopped",
            Change = "10 (Online reports the stopped service: 1062)",
            Steps = stopped,
        }.Expect(Is.Returns("Online", "1062"), Is.Returns("LooksAlive", "False"), Is.Returns("IsAlive", "False")));

        var startService = Std(Off).Service("stop").BringOnline();
        startService.List.Add(new Step { Op = "service", Name = "query", Label = "Service" });
        startService.Shown.Add("Service");
        list.Add(new Scenario
        {
            Name = "open-starts-stopped-service",
            Change = "10 (Havm.vbs starts it through WMI, which Wine's WMI does not do: the service stays stopped)",
            Steps = startService.Service("start"),
        }.Expect(Is.Returns("Open", "0"), Is.Returns("Service", "running"), Is.Returns("Online", "0")));

        list.AddRange(Registration());

        // ---- polling ---------------------------------------------------------------------------------------------
        int[] order = { Running, TurningOn, Restoring, Paused, Saving, TurningOff, Merging, Off, Saved, Deleting, Invalid };
        int[] alive = { Running, TurningOn, Restoring, Paused, Saving };
        var la = Std(Off).BringOnline();
        var ia = Std(Off).BringOnline();
        foreach (int st in order)
        {
            la.Fake("SetState", "vm1", st).Call("LooksAlive", $"LA@{st}");
            ia.Fake("SetState", "vm1", st).Call("IsAlive", $"IA@{st}");
        }

        var laScenario = new Scenario { Name = "looksalive-per-state", Change = "8 (Havm.vbs: LooksAlive always True)", Steps = la };
        var iaScenario = new Scenario { Name = "isalive-per-state", Change = "6, 8 (Paused and Saving alive; Havm.vbs: only 3, 4, 5)", Steps = ia };
        foreach (int st in order)
        {
            laScenario.Expect(Is.Returns($"LA@{st}", alive.Contains(st) ? "True" : "False"), Is.Within($"LA@{st}", 250));
            iaScenario.Expect(Is.Returns($"IA@{st}", alive.Contains(st) ? "True" : "False"));
        }

        list.Add(laScenario);
        list.Add(iaScenario);

        list.Add(new Scenario
        {
            Name = "guest-unregistered-no-heartbeat",
            Change = "6 (Havm.vbs: True when the guest is not found and no heartbeat was seen)",
            Steps = Std(Off).Fake("SetHeartbeat", "vm1", false, 0).BringOnline().Call("IsAlive", "IsAlive#1")
                .Fake("RemoveGuest", "vm1").Call("LooksAlive", "LooksAlive#2").Call("IsAlive", "IsAlive#2").Failure(),
        }.Expect(Is.Returns("IsAlive#1", "True"), Is.Returns("LooksAlive#2", "False"), Is.Returns("IsAlive#2", "False"),
            Is.Returns("Terminate", "0")));

        list.Add(new Scenario
        {
            Name = "heartbeat-lost-two-misses",
            Change = "5 (one low reading is not a death; Havm.vbs: False at the first)",
            Steps = Std(Off).BringOnline().Call("IsAlive", "IsAlive").Fake("SetHeartbeat", "vm1", true, 0)
                .Call("IsAlive", "miss#1").Call("IsAlive", "miss#2").Failure().State("vm1"),
        }.Expect(Is.Returns("IsAlive", "True"), Is.Returns("miss#1", "True"), Is.Returns("miss#2", "False"), Is.Called("vm1.TurnOff"),
            Is.FinalState("vm1", Off)));

        list.Add(new Scenario
        {
            Name = "heartbeat-good-reading-clears",
            Change = "5",
            Steps = Std(Off).BringOnline().Call("IsAlive", "IsAlive")
                .Fake("SetHeartbeat", "vm1", true, 0).Call("IsAlive", "miss")
                .Fake("SetHeartbeat", "vm1", true, 100).Call("IsAlive", "good")
                .Fake("SetHeartbeat", "vm1", true, 0).Call("IsAlive", "miss'"),
        }.Expect(Is.Returns("miss", "True"), Is.Returns("good", "True"), Is.Returns("miss'", "True")));

        list.Add(new Scenario
        {
            Name = "heartbeat-threshold-property",
            Change = "11 (threshold and misses are properties; Havm.vbs: threshold 0)",
            Steps = Std(Off).Prop("AdditionsIsAliveHeartbeatThreshold", 50).Prop("HeartbeatMissesBeforeFailure", 1)
                .BringOnline().Call("IsAlive", "IsAlive").Fake("SetHeartbeat", "vm1", true, 40).Call("IsAlive", "40%"),
        }.Expect(Is.Returns("IsAlive", "True"), Is.Returns("40%", "False")));

        list.Add(new Scenario
        {
            Name = "heartbeat-failure-recovery-save",
            Change = "5",
            Steps = Std(Off).Prop("AdditionsIsAliveFailureRecoveryAction", 0).BringOnline().Call("IsAlive", "IsAlive")
                .Fake("SetHeartbeat", "vm1", true, 0).Call("IsAlive", "miss#1").Call("IsAlive", "miss#2").Failure().State("vm1"),
        }.Expect(Is.Returns("miss#2", "False"), Is.Called("vm1.Save"), Is.NotCalled("vm1.TurnOff"), Is.FinalState("vm1", Saved)));

        list.Add(new Scenario
        {
            Name = "heartbeat-never-seen-terminate",
            Change = "7 (Terminate leaves the guest stopped; Havm.vbs left it running)",
            Steps = Std(Off).Fake("SetHeartbeat", "vm1", false, 0).BringOnline().Call("IsAlive", "IsAlive#1").Call("IsAlive", "IsAlive#2")
                .Failure().State("vm1"),
        }.Expect(Is.Returns("IsAlive#1", "True"), Is.Returns("IsAlive#2", "True"), Is.FinalState("vm1", Saved)));

        list.Add(new Scenario
        {
            Name = "guest-rebooting-no-additions",
            Change = "4 (Additions not available is not a death; Havm.vbs: False, then turned off)",
            Steps = Std(Off).BringOnline().Call("IsAlive", "IsAlive").Fake("SetAdditions", "vm1", false)
                .Call("IsAlive", "rebooting#1").Call("IsAlive", "rebooting#2"),
        }.Expect(Is.Returns("rebooting#1", "True"), Is.Returns("rebooting#2", "True")));

        list.Add(new Scenario
        {
            Name = "heartbeat-check-off",
            Steps = Std(Off).Prop("UseAdditionsIsAlive", 0).BringOnline().Call("IsAlive", "IsAlive")
                .Fake("SetHeartbeat", "vm1", true, 0).Call("IsAlive", "0%#1").Call("IsAlive", "0%#2"),
        }.Expect(Is.Returns("0%#1", "True"), Is.Returns("0%#2", "True")));

        list.Add(new Scenario
        {
            Name = "bad-property-values",
            Change = "11, 12 (new properties; unusual values logged, last good value or default used)",
            Steps = Std(Off).Prop("OnlineTimeoutSeconds", "soon").Prop("HeartbeatMissesBeforeFailure", 0).Prop("OfflineAction", 7)
                .Prop("AdditionsIsAliveHeartbeatThreshold", 150).Prop("UseAdditionsIsAlive", "yes")
                .BringOnline().Call("IsAlive", "IsAlive").TakeOffline().State("vm1"),
        }.Expect(Is.Returns("Online", "0"), Is.Returns("IsAlive", "True"), Is.Returns("Offline", "0"), Is.Called("vm1.Save"),
            Is.Logged(null, "OnlineTimeoutSeconds", "soon"), Is.Logged(null, "OfflineAction", "7"),
            Is.Logged(null, "HeartbeatMissesBeforeFailure"), Is.Logged(null, "AdditionsIsAliveHeartbeatThreshold"),
            Is.Logged(null, "UseAdditionsIsAlive")));

        list.Add(new Scenario
        {
            Name = "vs-errors-cannot-tell",
            Change = "6 (True while it cannot tell; Havm.vbs: False on any error once a heartbeat was seen)",
            Steps = Std(Off).BringOnline().Call("IsAlive", "IsAlive")
                .Fake("Fail", "State", EFail, -1).Fake("Fail", "HeartbeatPercentage", EFail, -1).Fake("Fail", "FindVirtualMachine", EFail, -1)
                // Terminate asks a failing Virtual Server again until its deadline: keep that inside the step's 20 s.
                .Prop("TerminateTimeoutSeconds", 6)
                .Call("LooksAlive", "LooksAlive").Call("IsAlive", "IsAlive(err)").Failure(),
        }.Expect(Is.Returns("IsAlive", "True"), Is.Returns("LooksAlive", "False"), Is.Returns("IsAlive(err)", "True"),
            Is.Logged("IsAlive(err)", "IsAlive: cannot tell whether the guest runs", "counting it as alive for at most 300 s in a row"),
            Is.Logged("LooksAlive", "LooksAlive: false: cannot tell (IsAlive decides)")));

        list.Add(new Scenario
        {
            Name = "vs-restarted-reconnects",
            Steps = Std(Off).BringOnline().Call("IsAlive", "IsAlive").Fake("Disconnect")
                .Call("IsAlive", "IsAlive(restarted)").Call("LooksAlive", "LooksAlive(restarted)"),
        }.Expect(Is.Returns("IsAlive(restarted)", "True"), Is.Returns("LooksAlive(restarted)", "True")));

        list.Add(new Scenario
        {
            Name = "vs-hung",
            Change = "none for LooksAlive's value (cannot tell: False, IsAlive decides); Havm.vbs blocks with VS",
            Steps = Std(Off).Prop("TerminateTimeoutSeconds", 4).BringOnline().Call("IsAlive", "IsAlive")
                .Fake("Block", "State", 8000, -1).Fake("Block", "FindVirtualMachine", 8000, -1).Fake("Block", "HeartbeatPercentage", 8000, -1)
                .Repeat("LooksAlive", 5, "LooksAlive(hung)", timeoutMs: 20000)
                .Call("IsAlive", "IsAlive(hung)", timeoutMs: 30000)
                .Call("Open", null, timeoutMs: 40000).Call("Terminate", "Terminate", timeoutMs: 40000).Call("Close").Unload(),
            TimeoutSeconds = 150,
        }.Expect(Is.Returns("LooksAlive(hung)", "False"), Is.Within("LooksAlive(hung)", 350, " (contract 250 ms + 100 ms for Wine)"), Is.Returns("IsAlive(hung)", "True"),
            Is.Within("IsAlive(hung)", 11000), Is.Within("Terminate", 6000), Is.Returns("Terminate", "1460"),
            Is.Logged("Terminate", "ERROR: cannot reach Virtual Server", "guest 'vm1' may still be running on node {node}")));

        var repeated = Std(Off).Prop("OnlineTimeoutSeconds", 5).Prop("TerminateTimeoutSeconds", 5).Fake("Fail", "Startup", EFail, -1);
        for (int i = 1; i <= 3; i++)
        {
            repeated.BringOnline($"Online#{i}").Failure($"Terminate#{i}");
        }

        list.Add(new Scenario
        {
            Name = "repeated-failures",
            Change = "none in kind (both fail; Havm.Net returns 1627 and logs the HRESULT, Havm.vbs returns the HRESULT)",
            Steps = repeated,
        }.Expect(Is.ReturnsNot("Online#1", "0", "Empty"), Is.ReturnsNot("Online#2", "0", "Empty"), Is.ReturnsNot("Online#3", "0", "Empty"),
            Is.Returns("Terminate#3", "0")));

        // ---- offline and terminate -------------------------------------------------------------------------------
        list.Add(new Scenario
        {
            Name = "offline-actions",
            Change = "11 (OfflineAction; Havm.vbs always saves)",
            Steps = Std(Off).Prop("OfflineAction", 0).BringOnline("Online#1").TakeOffline("Offline(0)").State("vm1", "vm1@0")
                .Prop("OfflineAction", 2).BringOnline("Online#2").TakeOffline("Offline(2)").State("vm1", "vm1@2"),
        }.Expect(Is.Returns("Offline(0)", "0"), Is.Returns("vm1@0", "1"), Is.Called("vm1.TurnOff"),
            Is.Returns("Offline(2)", "0"), Is.Returns("vm1@2", "1"), Is.Called("GuestOS.Shutdown"), Is.NotCalled("vm1.Save")));

        list.Add(new Scenario
        {
            Name = "offline-undo-disks-discard",
            Change = "section 4 Offline (Havm.vbs: Save refused with E_FAIL, Offline fails)",
            Steps = Std(Off).Fake("SetConfiguration", "vm1", true, 0, 0, 0).BringOnline().TakeOffline().State("vm1"),
        }.Expect(Is.Returns("Offline", "0"), Is.NotCalled("vm1.Save"), Is.Called("GuestOS.Shutdown"), Is.FinalState("vm1", Off),
            Is.Logged("Online", "undo")));

        list.Add(new Scenario
        {
            Name = "offline-save-stuck",
            Change = "1, 2 (Havm.vbs: the wait runs out, no return value = success)",
            Steps = Std(Off).Prop("OfflineTimeoutSeconds", 3).BringOnline().Fake("SetTaskPlan", "Save", "never:40", 0, 0, false, -1, 0)
                .TakeOffline(timeoutMs: 15000).State("vm1"),
        }.Expect(Is.Returns("Offline", "1460"), Is.Within("Offline", 4500), Is.NotCalled("vm1.TurnOff"),
            Is.Logged("Offline", "save still in progress"), Is.FinalState("vm1", Saving)));

        list.Add(new Scenario
        {
            Name = "offline-guest-already-off",
            Steps = Std(Off).BringOnline().Fake("SetState", "vm1", Off).TakeOffline().State("vm1"),
        }.Expect(Is.Returns("Offline", "0"), Is.FinalState("vm1", Off)));

        list.Add(new Scenario
        {
            Name = "terminate-while-saving",
            Change = "7 (never turns off a saving guest; Havm.vbs turned it off after a heartbeat)",
            Steps = Std(Off).BringOnline().Call("IsAlive", "IsAlive").Fake("SetState", "vm1", Saving).Fake("ScheduleState", "vm1", Saved, 1500)
                .Failure(timeoutMs: 20000).State("vm1"),
        }.Expect(Is.NotCalled("vm1.TurnOff"), Is.FinalState("vm1", Saved)));

        var unreachable = new Scenario
        {
            Name = "terminate-vs-unreachable",
            Change = "section 4 Terminate (logs that the guest may still run on this node)",
            Steps = Std(Off).Prop("TerminateTimeoutSeconds", 4).BringOnline().Fake("Disconnect").Fake("Fail", "Create", ServerExecFailure, -1)
                .Failure(timeoutMs: 30000),
        };
        unreachable.Expect(Is.Within("Terminate", 6000), Is.ReturnsNot("Terminate", "0", "Empty"),
            Is.Logged("Terminate", "ERROR: cannot reach Virtual Server", "guest 'vm1' may still be running on node {node}"));
        list.Add(unreachable);

        // ---- issue 7: the probe, a hung heartbeat read, a stopping service -----------------------------------------
        list.Add(new Scenario
        {
            Name = "probe-never-starts-stopped-service",
            Change = "section 4 (the probe asks the Service Control Manager before Virtual Server; Havm.vbs creates VirtualServer.Application on every poll)",
            // The in-process fake is disconnected by hand; the fake in its own process goes with its service.
            Steps = Std(Off).BringOnline().Call("IsAlive", "IsAlive")
                .Count("CreateObject(", "activations before").Count("FindVirtualMachine", "finds before")
                .Service("stop").Fake("Disconnect")
                .Repeat("LooksAlive", 5, "LooksAlive x5").Repeat("IsAlive", 3, "IsAlive x3")
                .Unload().Load().Repeat("LooksAlive", 3, "LooksAlive x3 (reloaded)").Call("IsAlive", "IsAlive (reloaded)")
                .ServiceState("service at the end").Call("Close").Unload()
                .Service("start").Count("CreateObject(", "activations after").Count("FindVirtualMachine", "finds after"),
        }.Expect(
            Is.Returns("LooksAlive x5", "False"), Is.Returns("IsAlive x3", "False"), Is.Returns("LooksAlive x3 (reloaded)", "False"),
            Is.Returns("IsAlive (reloaded)", "False"),
            Is.Returns("service at the end", "stopped"),
            Is.Counted("LooksAlive x5", "asked the Service Control Manager, created nothing", (calls, activations, scm) => activations == 0 && scm >= 1),
            Is.Counted("IsAlive x3", "asked the Service Control Manager, created nothing", (calls, activations, scm) => activations == 0 && scm >= 1),
            Is.Growth("activations before", "activations after", "VirtualServer.Application never created while the service is stopped", n => n == 0),
            Is.Growth("finds before", "finds after", "FindVirtualMachine at most once, on the connection kept from before the stop (it fails)", n => n <= 1),
            Is.Logged("IsAlive x3", "IsAlive: false: the Virtual Server service is stopped"),
            Is.LoggedTimes("IsAlive x3", "IsAlive: false", 1), Is.LoggedTimes("LooksAlive x5", "LooksAlive: false", 1)));

        // Short of the 300 s limit: a hung heartbeat read costs at most one abandoned worker, however many polls come.
        list.Add(HungHeartbeat("heartbeat-read-hangs-threads-bounded", pollFor: 130, expectAlive: true));
        list.Add(HungHeartbeat("long-heartbeat-read-hangs-300s", pollFor: 330, expectAlive: false));

        list.Add(new Scenario
        {
            Name = "offline-service-stop-pending",
            Change = "section 4 Offline (waits for the stopping service; Havm.vbs: Save refused, returns the HRESULT at once)",
            Steps = Std(Off).BringOnline().Call("IsAlive", "IsAlive")
                // Node shutdown: Virtual Server saves the guest itself, its service stays StopPending for 4 s; after one
                // more answer (Offline's first look: Saving) it answers no more.
                .Fake("SetState", "vm1", Saving).Fake("FailAfter", "State", ServerUnavailable, 1).Fake("FailAfter", "FindVirtualMachine", ServerUnavailable, 1)
                .Fake("Fail", "Create", ServerExecFailure, -1)
                .Service("stop-pending:4000", "service stopping")
                .Call("Offline", "Offline", timeoutMs: 20000).ServiceState("service after Offline")
                .Call("Close").Unload(),
        }.Expect(
            Is.Returns("service stopping", "stop pending"), Is.Returns("Offline", "1627"),
            Is.AtLeast("Offline", 3000, " (it waits for Stopped)"), Is.Within("Offline", 8000),
            Is.Returns("service after Offline", "stopped"), Is.NotCalled("vm1.TurnOff"), Is.NotCalled("vm1.Save"),
            Is.Logged("Offline", "the Virtual Server service on node {node} is stopping (node shutdown?)", "waiting for it to stop"),
            Is.Logged("Offline", "ERROR: the Virtual Server service on node {node} stopped while guest 'vm1' was Saving (7)", "its outcome is unknown")));

        if (restartWine is not null)
        {
            // Virtual Server crashes and is not restarted (the service still reads running): the kept proxy fails for real,
            // a new connection cannot be made. The in-process fake plays it by disconnecting and refusing creation.
            list.Add(new Scenario
            {
                Name = "vs-process-killed",
                Change = "section 4 IsAlive and Terminate (cannot tell: alive for at most 300 s; the guest may still run); Havm.vbs not run",
                HavmNotRun = true,
                After = restartWine,
                Steps = Std(Off).Prop("TerminateTimeoutSeconds", 4).BringOnline().Call("IsAlive", "IsAlive").Fake("Kill")
                    .Call("LooksAlive", "LooksAlive(killed)").Call("IsAlive", "IsAlive(killed)").Failure(timeoutMs: 30000),
            }.Expect(
                Is.Returns("LooksAlive(killed)", "False"), Is.Returns("IsAlive(killed)", "True"), Is.ReturnsNot("Terminate", "0", "Empty"),
                Is.Within("Terminate", 6000),
                Is.Logged("IsAlive(killed)", "IsAlive: cannot tell whether the guest runs", "counting it as alive for at most 300 s in a row"),
                Is.Logged("Terminate", "ERROR: cannot reach Virtual Server", "guest 'vm1' may still be running on node {node}"),
                new Check("IsAlive(killed) asked the Service Control Manager (the fake that would count calls is dead)", r =>
                    (r.Step("IsAlive(killed)")?.ScmQueries >= 1, $"{r.Step("IsAlive(killed)")?.ScmQueries} SCM queries"))));
        }

        // ---- the wrapper ---------------------------------------------------------------------------------------------
        const string raised = "Havm.GenericScript raised error 0x80070002 (Could not load file or assembly 'Havm.Core";
        list.Add(new Scenario
        {
            Name = "com-class-call-raises",
            Change = "n/a (Havm.vbs has no COM class); section 1, the wrapper",
            HavmNotApplicable = true,
            Steps = Std(Off).Fake("BreakComClass").BringOnline()
                .Repeat("LooksAlive", 5, "LooksAlive x5").Repeat("IsAlive", 3, "IsAlive x3").Call("Offline", "Offline").Call("Close", "Close").Unload()
                .Failure(load: true),
        }.Expect(
            Is.Returns("Open", "1627"), Is.Returns("Online", "1627"), Is.Returns("LooksAlive x5", "False"), Is.Returns("IsAlive x3", "False"),
            Is.Returns("Offline", "1627"), Is.Returns("Close", "1627"), Is.Returns("Terminate", "1627"), Is.NotCalled("vm1.Startup"),
            Is.Logged("Online", "Havm.Net: Online failed on node {node}: " + raised,
                "The COM class is installed but does not work (a half-finished upgrade or a missing file): run install.cmd on node {node} to fix it.",
                "The guest may still be running on node {node}."),
            Is.Logged("Open", "Havm.Net: Open failed on node {node}: " + raised),
            Is.Logged("LooksAlive x5", "Havm.Net: LooksAlive failed on node {node}: " + raised, "logged at most once every 5 minutes while it repeats",
                "The guest may still be running on node {node}."),
            Is.LoggedTimes("LooksAlive x5", "failed on node", 1), Is.LoggedTimes("IsAlive x3", "failed on node", 0),
            Is.Logged("Offline", "Havm.Net: Offline failed on node {node}: " + raised, "run install.cmd on node {node} to fix it."),
            Is.Logged("Terminate", "Havm.Net: Terminate failed on node {node}: " + raised, "The guest may still be running on node {node}.")));

        // ---- installation problems -----------------------------------------------------------------------------
        if (unregister is not null && register is not null)
        {
            var notRegistered = new Scenario
            {
                Name = "com-class-not-registered",
                Change = "n/a (Havm.vbs has no COM class)",
                HavmNotApplicable = true,
                Before = unregister("comclass"),
                After = register("comclass"),
                Steps = Std(Off).BringOnline().Call("LooksAlive", "LooksAlive").Call("IsAlive", "IsAlive").Call("Offline", "Offline")
                    .Call("Close", "Close").Unload().Failure(load: true),
            };
            notRegistered.Expect(Is.Returns("Open", "1627"), Is.Returns("Online", "1627"), Is.Returns("LooksAlive", "False"),
                Is.Returns("IsAlive", "False"), Is.Returns("Offline", "1627"), Is.Returns("Terminate", "1627"), Is.Returns("Close", "1627"),
                Is.NotCalled("vm1.Startup"),
                Is.Logged("Open", "Havm.Net: the COM class Havm.GenericScript cannot be created on node {node} (error 0x",
                    "Run install.cmd on node {node} to fix it.", "The guest may still be running on node {node}."),
                Is.Logged("IsAlive", "cannot be created on node {node}"), Is.Logged("Terminate", "cannot be created on node {node}"));
            list.Add(notRegistered);

            var vsMissing = new Steps();
            vsMissing.Service("start").Prop("VirtualMachineName", "vm1").Prop("TerminateTimeoutSeconds", 6).BringOnline().Call("LooksAlive", "LooksAlive").Call("IsAlive", "IsAlive")
                .Failure();
            list.Add(new Scenario
            {
                Name = "virtual-server-not-registered",
                Change = "9 (Havm.vbs: CreateObject fails, then a call on Nothing: E_FAIL under Wine, 424 on Windows); IsAlive: cannot tell",
                Before = unregister("fake"),
                After = register("fake"),
                Steps = vsMissing,
            }.Expect(Is.ReturnsNot("Online", "0", "Empty"), Is.Returns("LooksAlive", "False"), Is.Logged("Online", "Virtual Server")));
        }

        return list;
    }
}
