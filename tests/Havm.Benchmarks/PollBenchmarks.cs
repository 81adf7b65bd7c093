using BenchmarkDotNet.Attributes;
using Havm.Core.Lifecycle;
using Havm.Core.Model;

namespace Havm.Benchmarks;

/// <summary>
/// The whole of Havm.Core's part of a poll: GuestController.LooksAlive and IsAlive on a guest brought online, with
/// Virtual Server and the Resource object answering from memory (no COM, no worker thread). What the test bed's
/// figures add on top of these is the script engine, COM and the hand-off to the worker.
/// </summary>
[MemoryDiagnoser]
public class PollBenchmarks
{
    private InMemoryWorld _world = null!;
    private GuestController _controller = null!;

    /// <summary>Open and Online (a restore of the saved guest), then polls until the steady state (nothing left to log).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _world = new InMemoryWorld();
        _controller = new GuestController(_world.VirtualServer, _world.Clock);
        _world.Resource.Kept = new List<string>();
        int open = _controller.Open(_world.Resource);
        int online = _controller.Online(_world.Resource);
        if (open != Win32Error.Success || online != Win32Error.Success)
        {
            throw new InvalidOperationException($"the benchmark's guest did not come online: Open {open}, Online {online}: "
                + string.Join(" | ", _world.Resource.Kept));
        }

        if (!_controller.LooksAlive(_world.Resource) || !_controller.IsAlive(_world.Resource) || !_controller.IsAlive(_world.Resource))
        {
            throw new InvalidOperationException("the benchmark's guest does not look alive: " + string.Join(" | ", _world.Resource.Kept));
        }

        _world.Resource.Kept = null;
    }

    /// <summary>LooksAlive of a running guest.</summary>
    [Benchmark]
    public bool LooksAlive() => _controller.LooksAlive(_world.Resource);

    /// <summary>IsAlive of a running guest whose heartbeat has been seen (state, then heartbeat percentage).</summary>
    [Benchmark]
    public bool IsAlive() => _controller.IsAlive(_world.Resource);
}
