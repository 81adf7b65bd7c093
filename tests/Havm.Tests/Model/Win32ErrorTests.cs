using Havm.Core.Model;
using NUnit.Framework;

namespace Havm.Tests.Model;

[TestFixture]
public class Win32ErrorTests
{
    // winerror.h: every code Havm.Net returns or meets, with its value and name.
    [TestCase(Win32Error.Success, 0, "ERROR_SUCCESS")]
    [TestCase(Win32Error.InvalidFunction, 1, "ERROR_INVALID_FUNCTION")]
    [TestCase(Win32Error.FileNotFound, 2, "ERROR_FILE_NOT_FOUND")]
    [TestCase(Win32Error.PathNotFound, 3, "ERROR_PATH_NOT_FOUND")]
    [TestCase(Win32Error.AccessDenied, 5, "ERROR_ACCESS_DENIED")]
    [TestCase(Win32Error.NotEnoughMemory, 8, "ERROR_NOT_ENOUGH_MEMORY")]
    [TestCase(Win32Error.InvalidData, 13, "ERROR_INVALID_DATA")]
    [TestCase(Win32Error.NotReady, 21, "ERROR_NOT_READY")]
    [TestCase(Win32Error.SharingViolation, 32, "ERROR_SHARING_VIOLATION")]
    [TestCase(Win32Error.BadNetPath, 53, "ERROR_BAD_NETPATH")]
    [TestCase(Win32Error.BadNetName, 67, "ERROR_BAD_NET_NAME")]
    [TestCase(Win32Error.AlreadyExists, 183, "ERROR_ALREADY_EXISTS")]
    [TestCase(Win32Error.OperationAborted, 995, "ERROR_OPERATION_ABORTED")]
    [TestCase(Win32Error.ServiceRequestTimeout, 1053, "ERROR_SERVICE_REQUEST_TIMEOUT")]
    [TestCase(Win32Error.ServiceAlreadyRunning, 1056, "ERROR_SERVICE_ALREADY_RUNNING")]
    [TestCase(Win32Error.ServiceDoesNotExist, 1060, "ERROR_SERVICE_DOES_NOT_EXIST")]
    [TestCase(Win32Error.ServiceNotActive, 1062, "ERROR_SERVICE_NOT_ACTIVE")]
    [TestCase(Win32Error.ServiceSpecificError, 1066, "ERROR_SERVICE_SPECIFIC_ERROR")]
    [TestCase(Win32Error.IoDevice, 1117, "ERROR_IO_DEVICE")]
    [TestCase(Win32Error.NotFound, 1168, "ERROR_NOT_FOUND")]
    [TestCase(Win32Error.Cancelled, 1223, "ERROR_CANCELLED")]
    [TestCase(Win32Error.Timeout, 1460, "ERROR_TIMEOUT")]
    [TestCase(Win32Error.FunctionFailed, 1627, "ERROR_FUNCTION_FAILED")]
    public void Constant_IsWinErrorsValueWithItsName(int constant, int value, string name)
    {
        // act + assert
        Assert.That((constant, Win32Error.NameOf(constant)), Is.EqualTo((value, name)));
    }

    [Test]
    public void NameOf_EveryConstant_HasAName()
    {
        // arrange: a code added to Win32Error without its name would log as a bare number
        var constants = typeof(Win32Error).GetFields().Where(f => f.IsLiteral).ToArray();

        // act
        var unnamed = constants.Where(f => Win32Error.NameOf((int)f.GetRawConstantValue()!) is null).Select(f => f.Name);

        // assert
        Assert.That(constants, Is.Not.Empty);
        Assert.That(unnamed, Is.Empty);
    }

    [Test]
    public void NameOf_CodeHavmNetDoesNotName_IsNull()
    {
        // act + assert: ERROR_INVALID_PARAMETER
        Assert.That(Win32Error.NameOf(87), Is.Null);
    }
}
