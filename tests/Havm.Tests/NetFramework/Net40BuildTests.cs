using System.Reflection;
using System.Runtime.Versioning;
using Havm.ComHost.Cluster;
using Havm.Core.Model;
using NUnit.Framework;

namespace Havm.Tests.NetFramework;

/// <summary>The net462 tests run against the builds that install.cmd registers by default, not some other target.</summary>
[TestFixture]
public class Net40BuildTests
{
    [TestCase(typeof(HResult), TestName = "HavmCore_IsItsNet40Build")]
    [TestCase(typeof(VbsValue), TestName = "HavmComHost_IsItsNet40Build")]
    public void Assembly_IsItsNet40Build(Type typeInAssembly)
    {
        // act
        var framework = typeInAssembly.Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;

        // assert
        Assert.That(framework, Is.EqualTo(".NETFramework,Version=v4.0"));
    }
}
