using NUnit.Framework;

namespace Havm.Tests.ComHost;

/// <summary>
/// The net40 build (regasm, .NET Framework) and the net10.0-windows build (comhost, regsvr32) must register the same
/// COM class: an administrator may switch runtimes, and the wrapper must not notice. eng/test-unit.sh builds both first.
/// </summary>
[TestFixture]
public class ComContractTests
{
    private static string Artifacts =>
        Environment.GetEnvironmentVariable("HAVM_ARTIFACTS") is { Length: > 0 } path
            ? path
            : Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "artifacts");

    private static ComContract Build(string pivot)
    {
        var path = Path.GetFullPath(Path.Combine(Artifacts, "bin", "Havm.ComHost", pivot, "Havm.ComHost.dll"));
        Assert.That(File.Exists(path), Is.True, "missing " + path + ": eng/test-unit.sh builds Havm.ComHost for net40 and net10.0-windows first");
        return ComContract.Read(path);
    }

    [Test]
    public void Net40AndNet10_RegisterTheSameProgIdClassAndInterface()
    {
        // arrange
        var net40 = Build("release_net40");
        var net10 = Build("release_net10.0-windows_win-x64");

        // act + assert
        Assert.Multiple(() =>
        {
            Assert.That(net40.ProgId, Is.EqualTo("Havm.GenericScript"));
            Assert.That(net10.ProgId, Is.EqualTo(net40.ProgId));
            Assert.That(net10.ClassId, Is.EqualTo(net40.ClassId));
            Assert.That(net10.InterfaceName, Is.EqualTo(net40.InterfaceName));
            Assert.That(net10.InterfaceId, Is.EqualTo(net40.InterfaceId));
            Assert.That(net10.InterfaceKind, Is.EqualTo(net40.InterfaceKind));
            Assert.That(net10.Methods, Is.EqualTo(net40.Methods));
        });
    }

    [Test]
    public void Interface_IsDualWithTheSevenEntryPointsInTheClusterOrder()
    {
        // arrange
        var contract = Build("release_net10.0-windows_win-x64");

        // act + assert: dual (0) so that VBScript can late-bind and the vtable stays stable
        Assert.That(contract.InterfaceKind, Is.EqualTo(0));
        Assert.That(contract.Methods, Is.EqualTo(new[] { "Open", "Online", "LooksAlive", "IsAlive", "Offline", "Terminate", "Close" }));
    }
}
