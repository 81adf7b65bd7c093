namespace Havm.TestBed.Runner;

/// <summary>
/// The scenarios: the cluster's call orders (behaviour.md section 1) with the guest states, Virtual Server
/// failures and property values that matter. Expected values are Havm.Net's, from the contract; the same
/// steps run against Havm.vbs, whose answers are recorded, not checked.
/// </summary>
internal static class Scenarios
{
    private const int Off = 1, Saved = 2, TurningOn = 3, Restoring = 4, Running = 5, Paused = 6, Saving = 7, TurningOff = 8, Merging = 9, Deleting = 10, Invalid = 0;
    private const string EFail = "0x80004005", ServerExecFailure = "0x80080005";

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

    public static List<Scenario> All(Func<string, Action>? unregister, Func<string, Action>? register)
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
                .Call("LooksAlive", "LooksAlive").Call("IsAlive", "IsAlive(err)").Failure(),
        }.Expect(Is.Returns("IsAlive", "True"), Is.Returns("LooksAlive", "False"), Is.Returns("IsAlive(err)", "True"), Is.Logged("IsAlive(err)", "")));

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
            Is.Within("IsAlive(hung)", 11000), Is.Within("Terminate", 6000)));

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
        unreachable.Expect(Is.Within("Terminate", 6000),
            new Check("Terminate's log names this node", r =>
            {
                var lines = r.Step("Terminate")?.Log ?? new List<string>();
                var hit = lines.FirstOrDefault(l => l.Contains(r.Result.ComputerName, StringComparison.OrdinalIgnoreCase));
                return (hit is not null, hit ?? $"no line names {r.Result.ComputerName}");
            }));
        list.Add(unreachable);

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
                Is.Logged("Open", "install.cmd"), Is.NotCalled("vm1.Startup"),
                new Check("the log names this node", r =>
                {
                    var hit = r.Step("Open")?.Log.FirstOrDefault(l => l.Contains(r.Result.ComputerName, StringComparison.OrdinalIgnoreCase));
                    return (hit is not null, hit ?? $"no line names {r.Result.ComputerName}");
                }));
            list.Add(notRegistered);

            var vsMissing = new Steps();
            vsMissing.Service("start").Prop("VirtualMachineName", "vm1").BringOnline().Call("LooksAlive", "LooksAlive").Call("IsAlive", "IsAlive")
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
