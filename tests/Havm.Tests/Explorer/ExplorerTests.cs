using CsCheck;
using NUnit.Framework;

namespace Havm.Tests.Explorer;

/// <summary>
/// The safety explorer (README, "Safety"): generated host call sequences and Virtual Server behaviours against the
/// real controller, checking invariants I1-I6 after every step. CI runs a fixed set of seeds; <c>eng/explore.sh N</c>
/// runs N fresh ones and prints the seed of any failure so that it can be replayed (HAVM_EXPLORE_SEED).
/// </summary>
[TestFixture]
public sealed class ExplorerTests
{
    /// <summary>How many fixed seeds CI explores (each a whole history of up to 40 steps).</summary>
    private const int FixedSeeds = 10000;

    [Test]
    public void Explorer_FixedSeeds_HoldEveryInvariant()
    {
        var failures = new List<string>();
        for (uint stream = 1; stream <= FixedSeeds && failures.Count < 3; stream++)
        {
            var seed = new PCG(stream, 0x5EED).ToString();
            var scenario = Generators.Scenario.Generate(new PCG(stream, 0x5EED), null, out _);
            var violations = ExplorerRun.Execute(scenario);
            if (violations.Count > 0)
            {
                failures.Add("seed " + seed + ": " + violations[0] + Environment.NewLine + "    " + scenario);
            }
        }

        Assert.That(failures, Is.Empty, () => "replay with: eng/explore.sh --seed <seed>" + Environment.NewLine + string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// eng/explore.sh --census N: runs the first N fixed seeds and counts the kinds of violation found (each history
    /// stops at its first). Used to show that the explorer finds the faults of a build, e.g. an older one.
    /// </summary>
    [Test]
    [Explicit("run by eng/explore.sh --census")]
    public void Explorer_Census_CountsViolationKinds()
    {
        var count = uint.TryParse(Environment.GetEnvironmentVariable("HAVM_EXPLORE_CENSUS"), out var n) ? n : FixedSeeds;
        // HAVM_EXPLORE_SALT: another family of seeds than CI's (same streams, another PCG salt).
        var salt = ulong.TryParse(Environment.GetEnvironmentVariable("HAVM_EXPLORE_SALT"), out var s) ? s : 0x5EED;
        var kinds = new SortedDictionary<string, (int Count, string Seed)>(StringComparer.Ordinal);
        for (uint stream = 1; stream <= count; stream++)
        {
            var scenario = Generators.Scenario.Generate(new PCG(stream, salt), null, out _);
            var kindsHere = new HashSet<string>(StringComparer.Ordinal);
            foreach (var violation in ExplorerRun.Execute(scenario, null, stopAtFirst: false))
            {
                // "step 4 (HostFailure { }): I2: Save issued ..." -> the invariant and its words, without values.
                var text = violation[(violation.IndexOf("): ", StringComparison.Ordinal) + 3)..];
                var kind = text[..3] + System.Text.RegularExpressions.Regex.Replace(text[3..], @"[0-9.]+|'[^']*'|Guest[12]|\(.*\)|:.*$", "#");
                kindsHere.Add(kind.Length > 110 ? kind[..110] : kind);
            }

            foreach (var kind in kindsHere)
            {
                kinds[kind] = kinds.TryGetValue(kind, out var seen) ? (seen.Count + 1, seen.Seed) : (1, new PCG(stream, salt).ToString());
            }
        }

        TestContext.Out.WriteLine("(histories in which each kind of violation appears)");

        TestContext.Out.WriteLine("census of " + count + " fixed seeds:");
        foreach (var (kind, (found, seed)) in kinds)
        {
            TestContext.Out.WriteLine(found.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(6) + "  " + kind + "  (e.g. seed " + seed + ")");
        }
    }

    /// <summary>eng/explore.sh: fresh seeds (or HAVM_EXPLORE_SEED), shrunk by CsCheck on failure. Explicit: not in CI.</summary>
    [Test]
    [Explicit("run by eng/explore.sh")]
    public void Explorer_FreshSeeds_HoldEveryInvariant()
    {
        var replay = Environment.GetEnvironmentVariable("HAVM_EXPLORE_REPLAY");
        if (!string.IsNullOrEmpty(replay))
        {
            // One fixed seed, step by step with its cluster log.
            var scenario = Generators.Scenario.Generate(PCG.Parse(replay), null, out _);
            TestContext.Out.WriteLine(scenario.ToString());
            var found = ExplorerRun.Execute(scenario, TestContext.Out.WriteLine);
            Assert.That(found, Is.Empty);
            return;
        }

        var iterations = long.TryParse(Environment.GetEnvironmentVariable("HAVM_EXPLORE_ITER"), out var n) ? n : 1000;
        var seed = Environment.GetEnvironmentVariable("HAVM_EXPLORE_SEED");
        TestContext.Out.WriteLine("explore: " + iterations + " sequences, seed " + (string.IsNullOrEmpty(seed) ? "fresh (CsCheck prints the failing one)" : seed));
        Generators.Scenario.Sample(
            scenario => ExplorerRun.Execute(scenario) is { Count: 0 },
            writeLine: TestContext.Out.WriteLine,
            seed: string.IsNullOrEmpty(seed) ? null : seed,
            iter: iterations,
            threads: 1,
            print: scenario => scenario + Environment.NewLine + "violations: " + string.Join("; ", ExplorerRun.Execute(scenario)));
    }
}
