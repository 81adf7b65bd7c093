using System.Diagnostics;

namespace Havm.TestBed.Runner;

/// <summary>
/// The demonstration: one guest made highly available by the real havm-wrapper.vbs and COM class, through a
/// failover from node A to node B and back, printed as a timeline. Each node is its own host process with its
/// own computer name (its own Wine session in its own UTS namespace); the fake Virtual Server's guests (the
/// shared disk) and the resource's private properties (the cluster database) pass between them in files.
/// </summary>
internal static class Demo
{
    private static readonly string[] StateNames =
        { "Invalid", "TurnedOff", "Saved", "TurningOn", "Restoring", "Running", "Paused", "Saving", "TurningOff", "MergingDrives", "DeleteMachine" };

    public static int Run(WineHost host, string wrapper, string work)
    {
        if (!File.Exists(wrapper))
        {
            Console.WriteLine($"havm-wrapper.vbs not found at {wrapper}: nothing to demonstrate yet.");
            return 1;
        }

        string fakeState = Path.Combine(work, "demo-guests.json");
        string clusterDb = Path.Combine(work, "demo-cluster-db.txt");
        File.Delete(fakeState);
        File.Delete(clusterDb);

        bool ownNames = CanRename();
        string nodeA = "NODE-A", nodeB = "NODE-B";
        Console.WriteLine("Havm.Net demonstration: the real havm-wrapper.vbs and Havm.GenericScript COM class, loaded by a hosted");
        Console.WriteLine("VBScript engine as the cluster's Generic Script resource loads them, against a fake Virtual Server 2005 R2.");
        Console.WriteLine(ownNames
            ? "Each node is a separate Windows process with its own computer name (Wine reads it from the host name, set here in a private UTS namespace)."
            : "NOTE: this machine cannot give each node its own host name (unshare -u needs root), so both 'nodes' run with this computer's name;\n      LastOnlineNode then shows the same name twice. Everything else is as on two nodes.");
        Console.WriteLine("Guest vm1's state (the shared disk) and the resource's private properties (the cluster database) pass between the processes in files.");
        Console.WriteLine("Columns: time in the process, entry point or action, its result (VBScript type), time taken; '| cluster log:' = Resource.LogInformation.");

        var total = Stopwatch.StartNew();
        bool ok = true;

        // The guest's files are on the cluster disk Q: (the shared disk, one copy); node A's Virtual Server knows the guest
        // and its network, as the guide's setup leaves the first node; node B's has never seen either.
        const string vmc = @"Q:\Guests\vm1\vm1.vmc", vnc = @"Q:\Guests\vm1\Cluster LAN.vnc", vhd = @"Q:\Guests\vm1\vm1.vhd";
        var a1 = new Steps();
        a1.Fake("Reset").Fake("SetNode", nodeA).Fake("PlaceGuest", "vm1", 1, vmc, nodeA).Fake("AddNetwork", "Cluster LAN", vnc, nodeA)
            .Fake("SetGuestFiles", "vm1", vhd, "", vnc)
            .Fake("SetTaskPlan", "Startup", "ms:1500", 0, 0, true, -1, 0).Fake("SetTaskPlan", "Save", "ms:800", 0, 0, false, -1, 0)
            .Prop("VirtualMachineName", "vm1")
            .Note("the cluster brings resource 'Guest vm1' online on node A (made the guide's way: only VirtualMachineName is set)")
            .Load().Call("Open").Call("Online")
            .Note("polling: LooksAlive every 5 s, IsAlive every 60 s (compressed here)")
            .Call("LooksAlive").Call("IsAlive").Call("LooksAlive").Call("IsAlive")
            .Note("the guest's operating system hangs: Virtual Server receives no more heartbeats")
            .Fake("SetHeartbeat", "vm1", true, 0)
            .Call("LooksAlive").Call("IsAlive").Call("IsAlive")
            .Note("IsAlive said false: the cluster fails the resource and calls Terminate on node A")
            .Call("Open").Call("Terminate").Call("Close").Unload();
        ok &= Node(host, "node A", nodeA, ownNames, a1, fakeState, clusterDb, wrapper,
            new[] { "VirtualMachineConfigurationPath was empty: set to " + vmc, "VirtualNetworkConfigurationPaths was empty: set to " + vnc },
            "Open=0", "Online=0", "LooksAlive=True", "IsAlive=True", "LooksAlive=True", "IsAlive=True",
            "LooksAlive=True", "IsAlive=True", "IsAlive=False", "Open=0", "Terminate=0", "Close=0");

        var b = new Steps();
        b.Fake("SetNode", nodeB)
            .Note("the cluster moves the group to node B (restart policy / failover) and brings the resource online there;")
            .Note("node B's Virtual Server has never known vm1 or its network: Online registers both from the cluster disk")
            .Fake("SetHeartbeat", "vm1", true, 100)
            .Load().Call("Open").Call("Online")
            .Call("LooksAlive").Call("IsAlive").Call("LooksAlive").Call("IsAlive")
            .Note("the administrator moves the group back to node A: Offline on node B")
            .Call("Offline").Call("Close").Unload();
        ok &= Node(host, "node B", nodeB, ownNames, b, fakeState, clusterDb, wrapper,
            new[] { "registered the virtual network " + vnc, "registered guest 'vm1' from " + vmc },
            "Open=0", "Online=0", "LooksAlive=True", "IsAlive=True", "LooksAlive=True", "IsAlive=True", "Offline=0", "Close=0");

        var a2 = new Steps();
        a2.Fake("SetNode", nodeA).Note("back on node A (vm1 registered here since the start): Online restores the saved guest")
            .Load().Call("Open").Call("Online").Call("LooksAlive").Call("IsAlive");
        ok &= Node(host, "node A", nodeA, ownNames, a2, fakeState, clusterDb, wrapper,
            new[] { "guest 'vm1' is Saved", "guest 'vm1' is running on node " + nodeA },
            "Open=0", "Online=0", "LooksAlive=True", "IsAlive=True");

        StopWine();
        Console.WriteLine();
        Console.WriteLine($"Demonstration {(ok ? "completed" : "did NOT complete (see above)")} in {total.Elapsed.TotalSeconds:F1} s.");
        return ok ? 0 : 1;
    }

    /// <summary>Runs one node's steps; true only when the host completed and every call returned what the timeline expects.</summary>
    private static bool Node(WineHost host, string label, string computerName, bool ownNames, Steps steps, string fakeState, string clusterDb, string wrapper,
        string[] logged, params string[] expected)
    {
        Console.WriteLine();
        Console.WriteLine($"================ {label} ================");
        if (ownNames)
        {
            StopWine(); // the computer name is read when a Wine session starts
        }

        var plan = new Plan
        {
            Script = WineHost.WinPath(wrapper), Steps = steps.List, Verbose = true, ResourceName = "Guest vm1",
            FakeStateFile = WineHost.WinPath(fakeState), ResourceStateFile = WineHost.WinPath(clusterDb),
        };
        var run = host.Run(plan, "demo-" + computerName, 120, ownNames ? computerName : null, echo: true);
        string guest = run.Result.Guests.Split(';').FirstOrDefault(g => g.StartsWith("vm1=", StringComparison.Ordinal)) ?? "vm1=?";
        int state = int.TryParse(guest[4..], out var s) ? s : -1;
        Console.WriteLine($"-- {label} ran as computer '{run.Result.ComputerName}' ({run.Seconds:F1} s); guest vm1 is now {(state >= 0 && state < StateNames.Length ? StateNames[state] : guest)}");
        foreach (var property in run.Result.Properties.Split('\n').Where(l =>
            l.StartsWith("LastOnlineNode", StringComparison.Ordinal) || l.StartsWith("Virtual", StringComparison.Ordinal)))
        {
            Console.WriteLine($"-- cluster database: {property}");
        }

        if (!run.Result.Completed)
        {
            Console.WriteLine($"-- the host did not complete: {run.Result.Failure}");
            return false;
        }

        // The demonstration shows a failover only if the calls returned what a failover returns: check, never assume.
        var returned = run.Result.Steps.Where(r => r.Op == "call").Select(r => r.Fn + "=" + r.Value).ToList();
        if (!returned.SequenceEqual(expected))
        {
            Console.WriteLine("-- unexpected results on " + label + ": expected " + string.Join(", ", expected) + "; got " + string.Join(", ", returned));
            return false;
        }

        var log = run.Result.Steps.SelectMany(r => r.Log).ToList();
        var missing = logged.Where(f => !log.Exists(l => l.Contains(f, StringComparison.Ordinal))).ToList();
        if (missing.Count > 0)
        {
            Console.WriteLine("-- the cluster log on " + label + " lacks: " + string.Join("; ", missing));
            return false;
        }

        return true;
    }

    private static bool CanRename()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("unshare", "-u sh -c \"hostname havm-probe\"")
            {
                UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true,
            })!;
            p.WaitForExit(10000);
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Ends this prefix's Wine session (wineserver -k).</summary>
    public static void StopWine()
    {
        using var p = Process.Start(new ProcessStartInfo("wineserver", "-k") { UseShellExecute = false, RedirectStandardError = true })!;
        p.WaitForExit(15000);
        Thread.Sleep(300);
    }
}
