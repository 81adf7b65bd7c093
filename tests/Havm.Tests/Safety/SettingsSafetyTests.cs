using Havm.Core.Configuration;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.Safety;

/// <summary>Issue 7, kind 8: NaN and the infinities are bad values for every numeric property (behaviour.md section 2).</summary>
[TestFixture]
public sealed class SettingsSafetyTests
{
    public static IEnumerable<TestCaseData> NonFinite() =>
        from name in new[] { PropertyNames.OnlineTimeoutSeconds, PropertyNames.UseAdditionsIsAlive, PropertyNames.AdditionsIsAliveFailureRecoveryAction }
        from value in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity }
        select new TestCaseData(name, value);

    [TestCaseSource(nameof(NonFinite))]
    public void Read_NonFiniteNumber_IsABadValueNamingTheProperty(string name, double value)
    {
        // arrange
        var resource = new FakeResource();
        resource.Set(PropertyNames.VirtualMachineName, "Guest1");
        resource.Set(name, value);

        // act
        new SettingsReader().Read(resource);

        // assert: logged as a bad value with the property and the fixing command
        Assert.That(resource.LinesContaining(name, "cluster res"), Is.Not.Empty, resource.Dump);
    }

    [Test]
    public void Read_NaNOnlineTimeout_FallsBackToTheDefault()
    {
        // arrange
        var resource = new FakeResource();
        resource.Set(PropertyNames.OnlineTimeoutSeconds, double.NaN);

        // act
        var settings = new SettingsReader().Read(resource);

        // assert
        Assert.That(settings.OnlineTimeout, Is.EqualTo(ResourceSettings.Defaults.OnlineTimeout));
    }
}
