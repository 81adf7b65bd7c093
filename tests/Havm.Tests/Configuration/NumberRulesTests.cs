using Havm.Core.Configuration;
using NUnit.Framework;

namespace Havm.Tests.Configuration;

/// <summary>
/// The rules table against the contract: behaviour.md section 2, said once here. Every other test reads defaults and
/// ranges from <see cref="NumberRules"/>.
/// </summary>
[TestFixture]
public sealed class NumberRulesTests
{
    private static IEnumerable<TestCaseData> SectionTwo() =>
    [
        Row(NumberRules.UseAdditionsIsAlive, 1, "1 = heartbeat on, any other number = heartbeat off"),
        Row(NumberRules.AdditionsIsAliveFailureRecoveryAction, 1, "0 = save, any other number = turn off"),
        Row(NumberRules.HeartbeatThreshold, 0, "a whole number from 0 to 99"),
        Row(NumberRules.HeartbeatMissesBeforeFailure, 2, "a whole number from 1 to 100"),
        Row(NumberRules.OnlineTimeoutSeconds, 150, "a whole number of seconds from 1 to 3600"),
        Row(NumberRules.OfflineTimeoutSeconds, 150, "a whole number of seconds from 1 to 3600"),
        Row(NumberRules.TerminateTimeoutSeconds, 120, "a whole number of seconds from 1 to 3600"),
        Row(NumberRules.OfflineAction, 1, "0, 1 or 2"),
        Row(NumberRules.DiscardUnrestorableSavedState, 0, "0 or 1"),
    ];

    [TestCaseSource(nameof(SectionTwo))]
    public void Rule_IsTheContractsDefaultAndAcceptedValues(string name, int defaultValue, string accepted)
    {
        // arrange
        var rule = Rule(name);

        // act + assert
        Assert.That((rule.Default, rule.Accepted), Is.EqualTo((defaultValue, accepted)));
    }

    [TestCaseSource(nameof(SectionTwo))]
    public void Rule_AcceptsItsRangeAndNothingBeyond(string name, int defaultValue, string accepted)
    {
        // arrange: a flag accepts any number (Min = Max = 0); a range only its whole numbers from Min to Max
        var rule = Rule(name);
        var isFlag = rule.Min == rule.Max;

        // act + assert
        Assert.That(rule.Accepts(defaultValue), Is.True);
        Assert.That((rule.Accepts(rule.Min - 1), rule.Accepts(rule.Max + 1)), Is.EqualTo((isFlag, isFlag)), accepted);
    }

    [Test]
    public void All_IsEveryRuleInTheContractsOrder()
    {
        // arrange
        var expected = SectionTwo().Select(row => (string)row.Arguments[0]!);

        // act + assert
        Assert.That(NumberRules.All.Select(r => r.Name), Is.EqualTo(expected));
        Assert.That(typeof(NumberRules).GetFields().Count(f => f.FieldType == typeof(NumberRule)), Is.EqualTo(NumberRules.All.Length));
    }

    [Test]
    public void CreatedByOpen_IsHavmVbssTwoFlags()
    {
        // act + assert: behaviour.md section 2, "Open creates only the three Havm.vbs properties with Havm.vbs's defaults"
        Assert.That(NumberRules.CreatedByOpen.Select(r => (r.Name, r.Default)), Is.EqualTo(new[]
        {
            (PropertyNames.UseAdditionsIsAlive, 1),
            (PropertyNames.AdditionsIsAliveFailureRecoveryAction, 1),
        }));
    }

    private static TestCaseData Row(NumberRule rule, int defaultValue, string accepted) =>
        new TestCaseData(rule.Name, defaultValue, accepted).SetArgDisplayNames(rule.Name);

    private static NumberRule Rule(string name) => NumberRules.All.Single(r => r.Name == name);
}
