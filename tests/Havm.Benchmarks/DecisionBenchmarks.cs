using BenchmarkDotNet.Attributes;
using Havm.Core.Health;

namespace Havm.Benchmarks;

/// <summary>The health rules IsAlive applies on each poll, alone: the heartbeat policy and the "cannot tell" window.</summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private readonly HeartbeatReading _good = HeartbeatReading.FromPercentage(100);
    private readonly HeartbeatReading _beating = HeartbeatReading.FromIsHeartbeating(true);
    private HeartbeatPolicy _policy = null!;
    private UncertaintyWindow _window = null!;

    /// <summary>A policy that has seen the heartbeat; a closed window.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var clock = new MonotonicClock();
        _policy = new HeartbeatPolicy(clock);
        _ = _policy.Observe(_beating, 0, 3);
        _window = new UncertaintyWindow(clock);
    }

    /// <summary>A heartbeat percentage above the threshold (IsAlive's steady state once the heartbeat was seen).</summary>
    [Benchmark]
    public bool HeartbeatAboveThreshold() => _policy.Observe(_good, 0, 3).IsAlive;

    /// <summary>IsHeartbeating true (before the heartbeat has been seen, and after a resume).</summary>
    [Benchmark]
    public bool Heartbeating() => _policy.Observe(_beating, 0, 3).IsAlive;

    /// <summary>One "cannot tell" and the definite answer after it (the window opens and closes).</summary>
    [Benchmark]
    public bool CannotTellThenClose()
    {
        bool alive = _window.Observe(out _);
        _window.Close();
        return alive;
    }
}
