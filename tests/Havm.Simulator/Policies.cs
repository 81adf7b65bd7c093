using System.Globalization;

namespace Havm.Simulator;

/// <summary>The policies the report compares.</summary>
internal static class Policies
{
    public const string Defaults = "Havm.Net defaults";
    public const string HavmVbs = "Havm.vbs";
    public const string HyperV = "Hyper-V heartbeat (1 min)";
    public const string VSphere = "vSphere HA medium";

    /// <summary>The shipped defaults: AdditionsIsAliveHeartbeatThreshold 0, HeartbeatMissesBeforeFailure 2 (behaviour.md section 2).</summary>
    public const int DefaultThreshold = 0;
    public const int DefaultMisses = 2;

    /// <summary>The policies in report order: the shipped defaults, Havm.vbs and the peers, today's settings, then the unshipped designs.</summary>
    public static IReadOnlyList<Policy> All()
    {
        var list = new List<Policy>
        {
            Core(Defaults, DefaultMisses, DefaultThreshold),
            new(HavmVbs, "Havm.vbs", c => new HavmVbsModel(c)),
            new(HyperV, "peer", c => new HyperVModel(c)),
            new(VSphere, "peer", c => new VSphereMediumModel(c)),
        };
        foreach (var threshold in new[] { 0, 10, 20 })
        {
            for (var misses = 1; misses <= 4; misses++)
            {
                if (misses != DefaultMisses || threshold != DefaultThreshold)
                {
                    list.Add(Core(SettingName(misses, threshold), misses, threshold));
                }
            }
        }

        list.Add(new("design: heartbeat read every 5 s, dead after 60 s at 0 %", "design",
            c => new DesignMonitor(c, DesignCadence.EveryPoll, 0, TimeSpan.FromSeconds(60))));
        list.Add(new("design: misses counted by elapsed time, 60 s", "design",
            c => new DesignMonitor(c, DesignCadence.IsAliveOnly, 0, TimeSpan.FromSeconds(60))));
        list.Add(new("design: OnHeartbeatStopped event", "design",
            c => new DesignMonitor(c, DesignCadence.HeartbeatStoppedEvent, 0, TimeSpan.Zero)));
        list.Add(new("design: Additions gone 10 of the last 15 min", "design",
            c => new DesignMonitor(c, DesignCadence.AdditionsShareOfQuarterHour, 0, TimeSpan.FromSeconds(60))));
        return list;
    }

    public static string SettingName(int misses, int threshold) =>
        string.Create(CultureInfo.InvariantCulture, $"Havm.Net misses={misses} threshold={threshold}");

    public static Policy Core(string name, int misses, int threshold) => new(name, name == Defaults ? "defaults" : "setting", c => new CoreMonitor(c, new Dictionary<string, int>
    {
        ["UseAdditionsIsAlive"] = 1,
        ["AdditionsIsAliveFailureRecoveryAction"] = 1,
        ["AdditionsIsAliveHeartbeatThreshold"] = threshold,
        ["HeartbeatMissesBeforeFailure"] = misses,
    }));
}
