using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Core.Ports;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using NUnit.Framework;

namespace Havm.Tests.Configuration;

[TestFixture]
public sealed class SettingsReaderTests
{
    private const string ResourceName = "SQL guest";

    private FakeResource _resource = null!;
    private SettingsReader _reader = null!;

    [SetUp]
    public void SetUp()
    {
        _resource = new FakeResource();
        _reader = new SettingsReader();
    }

    // ---- The numeric properties: each rule (name, range, default: NumberRules, pinned by NumberRulesTests) and its setting ----

    private static readonly RangeProperty[] RangeProperties =
    [
        new(NumberRules.HeartbeatThreshold, s => s.HeartbeatThreshold),
        new(NumberRules.HeartbeatMissesBeforeFailure, s => s.HeartbeatMissesBeforeFailure),
        new(NumberRules.OnlineTimeoutSeconds, s => Seconds(s.OnlineTimeout)),
        new(NumberRules.OfflineTimeoutSeconds, s => Seconds(s.OfflineTimeout)),
        new(NumberRules.TerminateTimeoutSeconds, s => Seconds(s.TerminateTimeout)),
        new(NumberRules.OfflineAction, s => (int)s.OfflineAction),
        new(NumberRules.DiscardUnrestorableSavedState, s => s.DiscardUnrestorableSavedState ? 1 : 0),
    ];

    private static readonly FlagProperty[] FlagProperties =
    [
        new(NumberRules.UseAdditionsIsAlive, s => s.UseAdditionsIsAlive ? 1 : 0),
        new(NumberRules.AdditionsIsAliveFailureRecoveryAction, s => s.SaveAfterHeartbeatFailure ? 0 : 1),
    ];

    private static IEnumerable<TestCaseData> EveryNumericProperty() =>
        RangeProperties.Select(p => new TestCaseData(p.Name, p.Default, p.Value).SetArgDisplayNames(p.Name))
            .Concat(FlagProperties.Select(p => new TestCaseData(p.Name, p.Default, p.Value).SetArgDisplayNames(p.Name)));

    // Bad for every numeric property, flags included: not a number at all.
    private static IEnumerable<(string Label, PropertyValue Value)> NotNumbers() =>
    [
        ("empty", PropertyValue.FromText(string.Empty)),
        ("spaces", PropertyValue.FromText("   ")),
        ("abc", PropertyValue.FromText("abc")),
    ];

    // Bad for every whole-number property, whatever its range.
    private static IEnumerable<(string Label, PropertyValue Value)> BadNumbers() =>
    [
        ("negative", PropertyValue.FromNumber(-5)),
        ("True", PropertyValue.FromNumber(-1, "True")),
        ("fraction", PropertyValue.FromNumber(1.5)),
        ("huge", PropertyValue.FromNumber(1e300)),
        ("infinity", PropertyValue.FromNumber(double.PositiveInfinity)),
        ("NaN", PropertyValue.FromNumber(double.NaN)),
        ("int overflow", PropertyValue.FromNumber(4294967296d)),
    ];

    /// <summary>
    /// The property every range-independent kind of bad value is tried on: one rule (NumberRule) judges every
    /// whole-number property, so what differs between them is only their range and default (its default, 150, is
    /// none of the numbers a bad value would be truncated or wrapped to).
    /// </summary>
    private static readonly RangeProperty KindsProperty = RangeProperties.Single(p => p.Name == PropertyNames.OnlineTimeoutSeconds);

    // Every property: just past each end of its own range. One property: every kind of bad value whatever the range.
    private static IEnumerable<TestCaseData> RangePropertyBadValues()
    {
        foreach (var p in RangeProperties)
        {
            yield return BadValue(p, "below range", PropertyValue.FromNumber(p.Min - 1));
            yield return BadValue(p, "above range", PropertyValue.FromNumber(p.Max + 1));
        }

        foreach (var (label, value) in NotNumbers().Concat(BadNumbers()))
        {
            yield return BadValue(KindsProperty, label, value);
        }
    }

    private static TestCaseData BadValue(RangeProperty p, string label, PropertyValue value) =>
        new TestCaseData(p.Name, value, p.Default, p.Value).SetArgDisplayNames(p.Name, label);

    private static IEnumerable<TestCaseData> FlagPropertyBadValues() =>
        from p in FlagProperties
        from c in NotNumbers()
        select new TestCaseData(p.Name, c.Value, p.Default, p.Value).SetArgDisplayNames(p.Name, c.Label);

    // Every property: both ends of its own range. One property: VBScript's other spellings of a good number.
    private static IEnumerable<TestCaseData> RangePropertyGoodValues()
    {
        foreach (var p in RangeProperties)
        {
            yield return new TestCaseData(p.Name, PropertyValue.FromNumber(p.Min), p.Min, p.Value).SetArgDisplayNames(p.Name, "minimum");
            yield return new TestCaseData(p.Name, PropertyValue.FromNumber(p.Max), p.Max, p.Value).SetArgDisplayNames(p.Name, "maximum");
        }

        // VBScript reads the text " 1 " and 1.0 as the number 1; the COM adapter hands them over as that number.
        var k = KindsProperty;
        yield return new TestCaseData(k.Name, PropertyValue.FromNumber(1, " 1 "), 1, k.Value).SetArgDisplayNames(k.Name, "text 1 with spaces");
        yield return new TestCaseData(k.Name, PropertyValue.FromNumber(1.0, "1.0"), 1, k.Value).SetArgDisplayNames(k.Name, "1.0");
    }

    private static IEnumerable<TestCaseData> RangePropertyZero() =>
        RangeProperties.Select(p => new TestCaseData(p.Name, p.Min == 0, p.Value).SetArgDisplayNames(p.Name));

    [TestCaseSource(nameof(EveryNumericProperty))]
    public void Read_PropertyMissing_UsesDefault(string name, int defaultValue, Func<ResourceSettings, int> value)
    {
        // arrange: every property missing (the fake's starting point)

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(value(settings), Is.EqualTo(defaultValue));
    }

    [Test]
    public void Read_EveryPropertyMissing_LogsNothing()
    {
        // arrange: every property missing

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines, Is.Empty);
    }

    [Test]
    public void Read_EveryPropertyMissing_EqualsDefaults()
    {
        // arrange: every property missing
        var expected = ResourceSettings.Defaults;

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(Snapshot(settings), Is.EqualTo(Snapshot(expected)));
    }

    [TestCaseSource(nameof(RangePropertyGoodValues))]
    public void Read_RangePropertyGood_UsesValueSilently(string name, PropertyValue stored, int expected, Func<ResourceSettings, int> value)
    {
        // arrange
        _resource.Set(name, stored);

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(value(settings), Is.EqualTo(expected));
        Assert.That(_resource.Lines, Is.Empty);
    }

    [TestCaseSource(nameof(RangePropertyZero))]
    public void Read_RangePropertyZero_AcceptedOnlyWhenRangeStartsAtZero(string name, bool accepted, Func<ResourceSettings, int> value)
    {
        // arrange
        _resource.Set(name, PropertyValue.FromNumber(0));

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines, accepted ? Is.Empty : Has.Count.EqualTo(1));
        Assert.That(value(settings) == 0, Is.EqualTo(accepted));
    }

    [TestCaseSource(nameof(RangePropertyBadValues))]
    public void Read_RangePropertyBad_UsesDefault(string name, PropertyValue stored, int defaultValue, Func<ResourceSettings, int> value)
    {
        // arrange
        _resource.Set(name, stored);

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(value(settings), Is.EqualTo(defaultValue));
    }

    [TestCaseSource(nameof(RangePropertyBadValues))]
    public void Read_RangePropertyBad_LogsOneLineNamingPropertyValueAndRange(
        string name, PropertyValue stored, int defaultValue, Func<ResourceSettings, int> value)
    {
        // arrange
        _resource.Set(name, stored);

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines, Has.Count.EqualTo(1));
        Assert.That(_resource.Lines[0], Does.StartWith(name + "=" + stored + " is not accepted (accepted: "));
    }

    [TestCaseSource(nameof(RangePropertyBadValues))]
    public void Read_RangePropertyBad_LogsFixingCommandWithDefault(
        string name, PropertyValue stored, int defaultValue, Func<ResourceSettings, int> value)
    {
        // arrange
        _resource.Set(name, stored);

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines.Single(), Does.EndWith(". To fix: cluster res \"SQL guest\" /priv " + name + "=" + defaultValue));
    }

    [TestCaseSource(nameof(FlagPropertyBadValues))]
    public void Read_FlagPropertyNotANumber_UsesDefault(string name, PropertyValue stored, int defaultValue, Func<ResourceSettings, int> value)
    {
        // arrange
        _resource.Set(name, stored);

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(value(settings), Is.EqualTo(defaultValue));
    }

    [TestCaseSource(nameof(FlagPropertyBadValues))]
    public void Read_FlagPropertyNotANumber_LogsBadValueWithFixingCommand(
        string name, PropertyValue stored, int defaultValue, Func<ResourceSettings, int> value)
    {
        // arrange
        _resource.Set(name, stored);

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines.Single(), Does.StartWith(name + "=" + stored + " is not accepted (accepted: ")
            .And.EndWith("cluster res \"SQL guest\" /priv " + name + "=" + defaultValue));
    }

    // ---- Havm.vbs's two flags: any number is accepted, with Havm.vbs's meaning ----

    [TestCase(1, true)]
    [TestCase(0, false)]
    [TestCase(-1, false)]
    [TestCase(2, false)]
    [TestCase(5, false)]
    [TestCase(1.5, false)]
    [TestCase(1e300, false)]
    public void Read_UseAdditionsIsAlive_OnOnlyForExactlyOne(double stored, bool expected)
    {
        // arrange
        _resource.Set(PropertyNames.UseAdditionsIsAlive, PropertyValue.FromNumber(stored));

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(settings.UseAdditionsIsAlive, Is.EqualTo(expected));
    }

    [Test]
    public void Read_UseAdditionsIsAliveTextOneWithSpaces_On()
    {
        // arrange
        _resource.Set(PropertyNames.UseAdditionsIsAlive, PropertyValue.FromNumber(1, " 1 "));

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(settings.UseAdditionsIsAlive, Is.True);
    }

    [TestCase(0, true)]
    [TestCase(1, false)]
    [TestCase(-1, false)]
    [TestCase(2, false)]
    [TestCase(5, false)]
    [TestCase(0.5, false)]
    [TestCase(1e300, false)]
    public void Read_AdditionsIsAliveFailureRecoveryAction_SavesOnlyForExactlyZero(double stored, bool expected)
    {
        // arrange
        _resource.Set(PropertyNames.AdditionsIsAliveFailureRecoveryAction, PropertyValue.FromNumber(stored));

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(settings.SaveAfterHeartbeatFailure, Is.EqualTo(expected));
    }

    [TestCase(PropertyNames.UseAdditionsIsAlive, 0)]
    [TestCase(PropertyNames.UseAdditionsIsAlive, 1)]
    [TestCase(PropertyNames.AdditionsIsAliveFailureRecoveryAction, 0)]
    [TestCase(PropertyNames.AdditionsIsAliveFailureRecoveryAction, 1)]
    public void Read_FlagZeroOrOne_LogsNothing(string name, double stored)
    {
        // arrange
        _resource.Set(name, PropertyValue.FromNumber(stored));

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines, Is.Empty);
    }

    [TestCase(-1, "UseAdditionsIsAlive=-1 (True is -1) (heartbeat off) is unusual: 1 = heartbeat on, any other number = heartbeat off, as in Havm.vbs. To say so plainly: cluster res \"SQL guest\" /priv UseAdditionsIsAlive=0")]
    [TestCase(5, "UseAdditionsIsAlive=5 (heartbeat off) is unusual: 1 = heartbeat on, any other number = heartbeat off, as in Havm.vbs. To say so plainly: cluster res \"SQL guest\" /priv UseAdditionsIsAlive=0")]
    [TestCase(1.5, "UseAdditionsIsAlive=1.5 (heartbeat off) is unusual: 1 = heartbeat on, any other number = heartbeat off, as in Havm.vbs. To say so plainly: cluster res \"SQL guest\" /priv UseAdditionsIsAlive=0")]
    public void Read_UseAdditionsIsAliveUnusual_LogsItsMeaning(double stored, string expected)
    {
        // arrange
        _resource.Set(PropertyNames.UseAdditionsIsAlive, PropertyValue.FromNumber(stored));

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines, Is.EqualTo(new[] { expected }));
    }

    [TestCase(-1, "AdditionsIsAliveFailureRecoveryAction=-1 (True is -1) (turn off) is unusual: 0 = save, any other number = turn off, as in Havm.vbs. To say so plainly: cluster res \"SQL guest\" /priv AdditionsIsAliveFailureRecoveryAction=1")]
    [TestCase(5, "AdditionsIsAliveFailureRecoveryAction=5 (turn off) is unusual: 0 = save, any other number = turn off, as in Havm.vbs. To say so plainly: cluster res \"SQL guest\" /priv AdditionsIsAliveFailureRecoveryAction=1")]
    public void Read_AdditionsIsAliveFailureRecoveryActionUnusual_LogsItsMeaning(double stored, string expected)
    {
        // arrange
        _resource.Set(PropertyNames.AdditionsIsAliveFailureRecoveryAction, PropertyValue.FromNumber(stored));

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines, Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void Read_SameUnusualFlagTwice_LogsOnce()
    {
        // arrange
        _resource.Set(PropertyNames.UseAdditionsIsAlive, PropertyValue.FromNumber(-1));
        _reader.Read(_resource);

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines, Has.Count.EqualTo(1));
    }

    [Test]
    public void Read_DifferentUnusualFlag_LogsAgain()
    {
        // arrange
        _resource.Set(PropertyNames.UseAdditionsIsAlive, PropertyValue.FromNumber(-1));
        _reader.Read(_resource);
        _resource.Set(PropertyNames.UseAdditionsIsAlive, PropertyValue.FromNumber(5));

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines, Has.Count.EqualTo(2));
        Assert.That(_resource.Lines[1], Does.StartWith("UseAdditionsIsAlive=5 "));
    }

    [Test]
    public void Read_UnusualFlagAgainAfterUsualValue_LogsAgain()
    {
        // arrange
        _resource.Set(PropertyNames.AdditionsIsAliveFailureRecoveryAction, PropertyValue.FromNumber(-1));
        _reader.Read(_resource);
        _resource.Set(PropertyNames.AdditionsIsAliveFailureRecoveryAction, PropertyValue.FromNumber(1));
        _reader.Read(_resource);
        _resource.Set(PropertyNames.AdditionsIsAliveFailureRecoveryAction, PropertyValue.FromNumber(-1));

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines, Has.Count.EqualTo(2));
    }

    [Test]
    public void Read_FlagNotANumberAfterUnusualValue_FallsBackToUnusualValueAndSaysSo()
    {
        // arrange
        _resource.Set(PropertyNames.UseAdditionsIsAlive, PropertyValue.FromNumber(-1));
        _reader.Read(_resource);
        _resource.Set(PropertyNames.UseAdditionsIsAlive, PropertyValue.FromText("on"));

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(settings.UseAdditionsIsAlive, Is.False);
        Assert.That(_resource.Lines[1], Does.Contain("; using UseAdditionsIsAlive=-1 (heartbeat off), the last good value. To fix: ")
            .And.EndWith("/priv UseAdditionsIsAlive=0"));
    }

    // ---- Meanings and the full text of a line ----

    [Test]
    public void Read_OfflineActionText_LogsFullLine()
    {
        // arrange
        _resource.Set(PropertyNames.OfflineAction, PropertyValue.FromText("save"));

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines, Is.EqualTo(new[]
        {
            "OfflineAction=\"save\" is not accepted (accepted: 0, 1 or 2); using OfflineAction=1 (save state), the default. "
                + "To fix: cluster res \"SQL guest\" /priv OfflineAction=1",
        }));
    }

    [Test]
    public void Read_RecoveryActionBlank_LogsTurnOffMeaning()
    {
        // arrange
        _resource.Set(PropertyNames.AdditionsIsAliveFailureRecoveryAction, PropertyValue.FromText(" "));

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines, Is.EqualTo(new[]
        {
            "AdditionsIsAliveFailureRecoveryAction=(blank) is not accepted (accepted: 0 = save, any other number = turn off); "
                + "using AdditionsIsAliveFailureRecoveryAction=1 (turn off), the default. "
                + "To fix: cluster res \"SQL guest\" /priv AdditionsIsAliveFailureRecoveryAction=1",
        }));
    }

    [TestCase(PropertyNames.UseAdditionsIsAlive, 0, "UseAdditionsIsAlive=0 (heartbeat off)")]
    [TestCase(PropertyNames.UseAdditionsIsAlive, 1, "UseAdditionsIsAlive=1 (heartbeat on)")]
    [TestCase(PropertyNames.AdditionsIsAliveFailureRecoveryAction, 0, "AdditionsIsAliveFailureRecoveryAction=0 (save)")]
    [TestCase(PropertyNames.AdditionsIsAliveFailureRecoveryAction, 1, "AdditionsIsAliveFailureRecoveryAction=1 (turn off)")]
    [TestCase(PropertyNames.AdditionsIsAliveHeartbeatThreshold, 5, "AdditionsIsAliveHeartbeatThreshold=5 (a heartbeat at or below 5% is a miss)")]
    [TestCase(PropertyNames.HeartbeatMissesBeforeFailure, 1, "HeartbeatMissesBeforeFailure=1 (1 miss means dead)")]
    [TestCase(PropertyNames.HeartbeatMissesBeforeFailure, 3, "HeartbeatMissesBeforeFailure=3 (3 misses in a row mean dead)")]
    [TestCase(PropertyNames.OnlineTimeoutSeconds, 90, "OnlineTimeoutSeconds=90 (90 s)")]
    [TestCase(PropertyNames.OfflineTimeoutSeconds, 91, "OfflineTimeoutSeconds=91 (91 s)")]
    [TestCase(PropertyNames.TerminateTimeoutSeconds, 92, "TerminateTimeoutSeconds=92 (92 s)")]
    [TestCase(PropertyNames.OfflineAction, 0, "OfflineAction=0 (turn off)")]
    [TestCase(PropertyNames.OfflineAction, 1, "OfflineAction=1 (save state)")]
    [TestCase(PropertyNames.OfflineAction, 2, "OfflineAction=2 (shut the guest OS down)")]
    [TestCase(PropertyNames.DiscardUnrestorableSavedState, 0, "DiscardUnrestorableSavedState=0 (keep an unrestorable saved state)")]
    [TestCase(PropertyNames.DiscardUnrestorableSavedState, 1, "DiscardUnrestorableSavedState=1 (discard an unrestorable saved state)")]
    public void Read_BadAfterGood_LogsLastGoodValueWithItsMeaning(string name, int good, string expected)
    {
        // arrange
        _resource.Set(name, PropertyValue.FromNumber(good));
        _reader.Read(_resource);
        _resource.Set(name, PropertyValue.FromText("abc"));

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines.Single(), Does.Contain("; using " + expected + ", the last good value. ")
            .And.EndWith("cluster res \"SQL guest\" /priv " + name + "=" + good));
    }

    // ---- Last good value ----

    [TestCaseSource(nameof(EveryNumericProperty))]
    public void Read_BadAfterGood_UsesLastGoodValue(string name, int defaultValue, Func<ResourceSettings, int> value)
    {
        // arrange: a good value other than the default
        var good = defaultValue == 1 ? 0 : 1;
        _resource.Set(name, PropertyValue.FromNumber(good));
        _reader.Read(_resource);
        _resource.Set(name, PropertyValue.FromText("abc"));

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(value(settings), Is.EqualTo(good));
    }

    [Test]
    public void Read_BadAfterSeveralGood_UsesLatestGood()
    {
        // arrange
        _resource.Set(PropertyNames.OnlineTimeoutSeconds, PropertyValue.FromNumber(100));
        _reader.Read(_resource);
        _resource.Set(PropertyNames.OnlineTimeoutSeconds, PropertyValue.FromNumber(200));
        _reader.Read(_resource);
        _resource.Set(PropertyNames.OnlineTimeoutSeconds, PropertyValue.FromNumber(0));

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(settings.OnlineTimeout, Is.EqualTo(TimeSpan.FromSeconds(200)));
    }

    [Test]
    public void Read_BadAfterGoodThenMissing_UsesDefault()
    {
        // arrange: the administrator deleted the property, going back to the default
        _resource.Set(PropertyNames.OnlineTimeoutSeconds, PropertyValue.FromNumber(100));
        _reader.Read(_resource);
        _resource.Remove(PropertyNames.OnlineTimeoutSeconds);
        _reader.Read(_resource);
        _resource.Set(PropertyNames.OnlineTimeoutSeconds, PropertyValue.FromText("abc"));

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(settings.OnlineTimeout, Is.EqualTo(TimeSpan.FromSeconds(NumberRules.OnlineTimeoutSeconds.Default)));
    }

    [Test]
    public void Read_LastGoodValue_IsKeptPerReader()
    {
        // arrange: another resource's reader saw a good value
        var other = new SettingsReader();
        _resource.Set(PropertyNames.OnlineTimeoutSeconds, PropertyValue.FromNumber(100));
        other.Read(_resource);
        _resource.Set(PropertyNames.OnlineTimeoutSeconds, PropertyValue.FromText("abc"));

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(settings.OnlineTimeout, Is.EqualTo(TimeSpan.FromSeconds(NumberRules.OnlineTimeoutSeconds.Default)));
    }

    [Test]
    public void Read_LastGoodValue_IsKeptPerProperty()
    {
        // arrange
        _resource.Set(PropertyNames.OnlineTimeoutSeconds, PropertyValue.FromNumber(100));
        _reader.Read(_resource);
        _resource.Set(PropertyNames.OfflineTimeoutSeconds, PropertyValue.FromText("abc"));

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(settings.OfflineTimeout, Is.EqualTo(TimeSpan.FromSeconds(NumberRules.OfflineTimeoutSeconds.Default)));
    }

    // ---- Once per change ----

    [Test]
    public void Read_SameBadValueTwice_LogsOnce()
    {
        // arrange
        _resource.Set(PropertyNames.HeartbeatMissesBeforeFailure, PropertyValue.FromNumber(0));
        _reader.Read(_resource);

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines, Has.Count.EqualTo(1));
    }

    [Test]
    public void Read_DifferentBadValue_LogsAgain()
    {
        // arrange
        _resource.Set(PropertyNames.HeartbeatMissesBeforeFailure, PropertyValue.FromNumber(0));
        _reader.Read(_resource);
        _resource.Set(PropertyNames.HeartbeatMissesBeforeFailure, PropertyValue.FromNumber(101));

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines, Has.Count.EqualTo(2));
        Assert.That(_resource.Lines[1], Does.StartWith("HeartbeatMissesBeforeFailure=\"101\" "));
    }

    [Test]
    public void Read_SameBadValueAfterGoodValue_LogsAgain()
    {
        // arrange
        _resource.Set(PropertyNames.HeartbeatMissesBeforeFailure, PropertyValue.FromNumber(0));
        _reader.Read(_resource);
        _resource.Set(PropertyNames.HeartbeatMissesBeforeFailure, PropertyValue.FromNumber(3));
        _reader.Read(_resource);
        _resource.Set(PropertyNames.HeartbeatMissesBeforeFailure, PropertyValue.FromNumber(0));

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines, Has.Count.EqualTo(2));
    }

    [Test]
    public void Read_SameBadValueAfterMissing_LogsAgain()
    {
        // arrange
        _resource.Set(PropertyNames.OfflineAction, PropertyValue.FromNumber(3));
        _reader.Read(_resource);
        _resource.Remove(PropertyNames.OfflineAction);
        _reader.Read(_resource);
        _resource.Set(PropertyNames.OfflineAction, PropertyValue.FromNumber(3));

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines, Has.Count.EqualTo(2));
    }

    [Test]
    public void Read_BadValueInTwoProperties_LogsEachOnce()
    {
        // arrange
        _resource.Set(PropertyNames.OnlineTimeoutSeconds, PropertyValue.FromText("abc"));
        _resource.Set(PropertyNames.OfflineTimeoutSeconds, PropertyValue.FromText("abc"));
        _reader.Read(_resource);

        // act
        _reader.Read(_resource);

        // assert
        Assert.That(_resource.Lines, Has.Count.EqualTo(2));
        Assert.That(_resource.Lines, Has.Exactly(1).StartsWith("OnlineTimeoutSeconds="));
        Assert.That(_resource.Lines, Has.Exactly(1).StartsWith("OfflineTimeoutSeconds="));
    }

    [Test]
    public void Read_SameBadValueFromManyThreads_LogsOnce()
    {
        // arrange
        _resource.Set(PropertyNames.OfflineAction, PropertyValue.FromNumber(7));
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 200; i++)
            {
                _reader.Read(_resource);
            }
        })).ToList();

        // act
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        // assert
        Assert.That(_resource.Lines, Has.Count.EqualTo(1));
    }

    // ---- The two text properties ----

    [TestCase(PropertyValueKind.Text, "Guest 1", "Guest 1")]
    [TestCase(PropertyValueKind.Number, "2008", "2008")]
    [TestCase(PropertyValueKind.Blank, "  ", "")]
    [TestCase(PropertyValueKind.Blank, "", "")]
    public void Read_VirtualMachineName_IsItsText(PropertyValueKind kind, string text, string expected)
    {
        // arrange
        _resource.Set(PropertyNames.VirtualMachineName, Value(kind, text));

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(settings.VirtualMachineName, Is.EqualTo(expected));
    }

    [Test]
    public void Read_VirtualMachineNameMissing_EmptyWithoutLog()
    {
        // arrange: missing

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(settings.VirtualMachineName, Is.Empty);
        Assert.That(_resource.Lines, Is.Empty);
    }

    [Test]
    public void Read_VirtualMachineNameBlank_LogsNothing()
    {
        // arrange
        _resource.Set(PropertyNames.VirtualMachineName, PropertyValue.FromText("   "));

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(settings.HasVirtualMachineName, Is.False);
        Assert.That(_resource.Lines, Is.Empty);
    }

    [TestCase(PropertyValueKind.Text, "NODE2", "NODE2")]
    [TestCase(PropertyValueKind.Number, "42", "42")]
    [TestCase(PropertyValueKind.Blank, " ", "")]
    [TestCase(PropertyValueKind.Missing, "", "")]
    public void Read_LastOnlineNode_IsItsText(PropertyValueKind kind, string text, string expected)
    {
        // arrange
        _resource.Set(PropertyNames.LastOnlineNode, Value(kind, text));

        // act
        var settings = _reader.Read(_resource);

        // assert
        Assert.That(settings.LastOnlineNode, Is.EqualTo(expected));
    }

    // ---- The host's object fails ----

    [Test]
    public void Read_ResourceThrows_Propagates()
    {
        // arrange
        var resource = Substitute.For<IClusterResource>();
        resource.Name.Returns(ResourceName);
        resource.ReadProperty(Arg.Any<string>()).Throws(new InvalidOperationException("Resource object failed"));

        // act
        void Act() => _reader.Read(resource);

        // assert
        Assert.That(Act, Throws.InvalidOperationException.With.Message.EqualTo("Resource object failed"));
    }

    [Test]
    public void Read_EveryProperty_ReadThroughResource()
    {
        // arrange
        var resource = Substitute.For<IClusterResource>();
        resource.Name.Returns(ResourceName);
        resource.ReadProperty(Arg.Any<string>()).Returns(PropertyValue.Missing);

        // act
        _reader.Read(resource);

        // assert
        var names = typeof(PropertyNames).GetFields().Select(f => (string)f.GetValue(null)!);
        foreach (var name in names)
        {
            resource.Received(1).ReadProperty(name);
        }
    }

    private static PropertyValue Value(PropertyValueKind kind, string text) => kind switch
    {
        PropertyValueKind.Missing => PropertyValue.Missing,
        PropertyValueKind.Number => PropertyValue.FromNumber(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), text),
        _ => PropertyValue.FromText(text),
    };

    private static int Seconds(TimeSpan span) => (int)span.TotalSeconds;

    private static string Snapshot(ResourceSettings s) => string.Join(
        "|",
        s.VirtualMachineName,
        s.UseAdditionsIsAlive,
        s.SaveAfterHeartbeatFailure,
        s.HeartbeatThreshold,
        s.HeartbeatMissesBeforeFailure,
        s.OnlineTimeout,
        s.OfflineTimeout,
        s.TerminateTimeout,
        s.OfflineAction,
        s.DiscardUnrestorableSavedState,
        s.LastOnlineNode);

    private sealed record RangeProperty(NumberRule Rule, Func<ResourceSettings, int> Value)
    {
        public string Name => Rule.Name;

        public int Min => Rule.Min;

        public int Max => Rule.Max;

        public int Default => Rule.Default;
    }

    private sealed record FlagProperty(NumberRule Rule, Func<ResourceSettings, int> Value)
    {
        public string Name => Rule.Name;

        public int Default => Rule.Default;
    }

    /// <summary>A Resource object whose properties the test sets; thread-safe so that concurrent reads can share it.</summary>
    private sealed class FakeResource : IClusterResource
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, PropertyValue> _properties = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _lines = [];

        public string Name => ResourceName;

        public string NodeName => "NODE1";

        public List<string> Lines
        {
            get
            {
                lock (_gate)
                {
                    return [.. _lines];
                }
            }
        }

        public void Set(string name, PropertyValue value)
        {
            lock (_gate)
            {
                _properties[name] = value;
            }
        }

        public void Remove(string name)
        {
            lock (_gate)
            {
                _properties.Remove(name);
            }
        }

        public void Log(string line)
        {
            lock (_gate)
            {
                _lines.Add(line);
            }
        }

        public bool PropertyExists(string name)
        {
            lock (_gate)
            {
                return _properties.ContainsKey(name);
            }
        }

        public void AddProperty(string name) => Set(name, PropertyValue.FromText(string.Empty));

        public PropertyValue ReadProperty(string name)
        {
            lock (_gate)
            {
                return _properties.TryGetValue(name, out var value) ? value : PropertyValue.Missing;
            }
        }

        public void WriteProperty(string name, int value) => Set(name, PropertyValue.FromNumber(value));

        public void WriteProperty(string name, string value) => Set(name, PropertyValue.FromText(value));
    }
}
