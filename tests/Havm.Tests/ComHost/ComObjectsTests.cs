using Havm.ComHost.Interop;
using NUnit.Framework;

namespace Havm.Tests.ComHost;

/// <summary>Every COM object read is released on the thread that read it, on every path (spec section 5).</summary>
[TestFixture]
public sealed class ComObjectsTests
{
    private readonly List<string> _released = [];

    [SetUp]
    public void SetUp() => _released.Clear();

    private void Release(object? value) => _released.Add(value as string ?? "null");

    [Test]
    public void Using_UseReturns_ReleasesTheObjectAfterIt()
    {
        // act
        var result = ComObjects.Using("disks", d => d + " read", Release);

        // assert
        Assert.That((result, _released.Single()), Is.EqualTo(("disks read", "disks")));
    }

    [Test]
    public void Using_UseThrows_StillReleasesTheObject()
    {
        // act
        Assert.Throws<InvalidOperationException>(() => ComObjects.Using<int>("disks", _ => throw new InvalidOperationException("read failed"), Release));

        // assert
        Assert.That(_released, Is.EqualTo(new[] { "disks" }));
    }

    [Test]
    public void Using_Nested_TheSecondReadFailing_ReleasesTheFirst()
    {
        // act: the shape of GuestAdapter.ReadFiles: HardDiskConnections read, then NetworkAdapters' read fails
        Assert.Throws<InvalidOperationException>(() =>
            ComObjects.Using("disks", disks => ComObjects.Using(ReadThatFails(), adapters => 0, Release), Release));

        // assert
        Assert.That(_released, Is.EqualTo(new[] { "disks" }));
    }

    [Test]
    public void Release_OfANetObjectOrNull_DoesNothing()
    {
        // act + assert: only a runtime wrapper of a COM object has a reference to release
        Assert.DoesNotThrow(() =>
        {
            ComObjects.Release(null);
            ComObjects.Release(new object());
        });
    }

    private static object ReadThatFails() => throw new InvalidOperationException("NetworkAdapters failed");
}
