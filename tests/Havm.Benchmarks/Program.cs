using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Havm.Benchmarks;

/// <summary>
/// dotnet Havm.Benchmarks.dll [BenchmarkDotNet options]: with no --filter, every benchmark. The job is short and in
/// process (one launch, 3 warm-up and 5 measured iterations, no generated project to build), so that eng/bench.sh
/// stays within a couple of minutes; time and bytes allocated per operation.
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmarks; exit code 0 when they all ran.</summary>
    public static int Main(string[] args)
    {
        var job = Job.ShortRun.WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortInProcess");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithOptions(ConfigOptions.JoinSummary);
        if (!args.Contains("--filter"))
        {
            args = [.. args, "--filter", "*"];
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
