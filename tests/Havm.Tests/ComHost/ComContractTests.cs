using NUnit.Framework;

namespace Havm.Tests.ComHost;

/// <summary>
/// The net40 build (regasm, .NET Framework) and the net10.0-windows build (comhost, regsvr32) must register the same
/// COM class: an administrator may switch runtimes, and the wrapper must not notice. Building this test project builds
/// both (Havm.Tests.csproj): the net10 one is referenced, the net40 one is copied to ComContract/net40.
/// </summary>
[TestFixture]
public class ComContractTests
{
    private static ComContract Net10 => Read("Havm.ComHost.dll");

    private static ComContract Net40 => Read(Path.Combine("ComContract", "net40", "Havm.ComHost.dll"));

    private static ComContract Read(string relativePath)
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, relativePath);
        Assert.That(File.Exists(path), Is.True, "missing " + path + ": building Havm.Tests builds both Havm.ComHost targets");
        return ComContract.Read(path);
    }

    [Test]
    public void Net40AndNet10_RegisterTheSameProgIdClassAndInterface()
    {
        // arrange
        var net40 = Net40;
        var net10 = Net10;

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
        var contract = Net10;

        // act + assert: dual (0) so that VBScript can late-bind and the vtable stays stable
        Assert.That(contract.InterfaceKind, Is.EqualTo(0));
        Assert.That(contract.Methods, Is.EqualTo(new[] { "Open", "Online", "LooksAlive", "IsAlive", "Offline", "Terminate", "Close" }));
    }
}
