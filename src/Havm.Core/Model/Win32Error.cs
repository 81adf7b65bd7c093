namespace Havm.Core.Model;

/// <summary>
/// The one home of every Win32 error code Havm.Net returns or meets (0 is success), each with its winerror.h name in
/// <see cref="NameOf"/>.
/// </summary>
public static class Win32Error
{
    /// <summary>ERROR_SUCCESS.</summary>
    public const int Success = 0;
    /// <summary>ERROR_INVALID_FUNCTION: Havm.vbs's "found running, not started by this Online" (kept), and a stale instance.</summary>
    public const int InvalidFunction = 1;
    /// <summary>ERROR_FILE_NOT_FOUND: a configuration file Online registers from does not exist here.</summary>
    public const int FileNotFound = 2;
    /// <summary>ERROR_PATH_NOT_FOUND: its folder does not exist here (the cluster disk is not online on this node).</summary>
    public const int PathNotFound = 3;
    /// <summary>ERROR_ACCESS_DENIED: it cannot be read here.</summary>
    public const int AccessDenied = 5;
    /// <summary>ERROR_NOT_ENOUGH_MEMORY: a task ended with OutOfMemoryError.</summary>
    public const int NotEnoughMemory = 8;
    /// <summary>ERROR_INVALID_DATA: VirtualMachineName is missing or blank (Havm.vbs's code, kept).</summary>
    public const int InvalidData = 13;
    /// <summary>ERROR_NOT_READY: a cluster disk this node does not own ("The device is not ready"), met registering from it.</summary>
    public const int NotReady = 21;
    /// <summary>ERROR_SHARING_VIOLATION: a file another process holds open.</summary>
    public const int SharingViolation = 32;
    /// <summary>ERROR_BAD_NETPATH: a share's server cannot be found.</summary>
    public const int BadNetPath = 53;
    /// <summary>ERROR_BAD_NET_NAME: a share's name cannot be found.</summary>
    public const int BadNetName = 67;
    /// <summary>ERROR_ALREADY_EXISTS: a registration of something registered already.</summary>
    public const int AlreadyExists = 183;
    /// <summary>ERROR_OPERATION_ABORTED: superseded by Terminate.</summary>
    public const int OperationAborted = 995;
    /// <summary>ERROR_SERVICE_REQUEST_TIMEOUT: the "Virtual Server" service was still starting when the deadline passed.</summary>
    public const int ServiceRequestTimeout = 1053;
    /// <summary>ERROR_SERVICE_ALREADY_RUNNING: StartService found the service started by someone else first.</summary>
    public const int ServiceAlreadyRunning = 1056;
    /// <summary>ERROR_SERVICE_DOES_NOT_EXIST: the "Virtual Server" service is not installed.</summary>
    public const int ServiceDoesNotExist = 1060;
    /// <summary>ERROR_SERVICE_NOT_ACTIVE: the "Virtual Server" service is not running.</summary>
    public const int ServiceNotActive = 1062;
    /// <summary>ERROR_SERVICE_SPECIFIC_ERROR: a service's own code follows (winerror.h).</summary>
    public const int ServiceSpecificError = 1066;
    /// <summary>ERROR_IO_DEVICE: a task ended with DiskRelatedError.</summary>
    public const int IoDevice = 1117;
    /// <summary>ERROR_NOT_FOUND: the guest is not registered in Virtual Server.</summary>
    public const int NotFound = 1168;
    /// <summary>ERROR_CANCELLED: a task was cancelled.</summary>
    public const int Cancelled = 1223;
    /// <summary>ERROR_TIMEOUT: the entry point's deadline passed.</summary>
    public const int Timeout = 1460;
    /// <summary>ERROR_FUNCTION_FAILED: any other failure (also the wrapper's preset failure value).</summary>
    public const int FunctionFailed = 1627;

    private static readonly Dictionary<int, string> Names = new()
    {
        [Success] = "ERROR_SUCCESS",
        [InvalidFunction] = "ERROR_INVALID_FUNCTION",
        [FileNotFound] = "ERROR_FILE_NOT_FOUND",
        [PathNotFound] = "ERROR_PATH_NOT_FOUND",
        [AccessDenied] = "ERROR_ACCESS_DENIED",
        [NotEnoughMemory] = "ERROR_NOT_ENOUGH_MEMORY",
        [InvalidData] = "ERROR_INVALID_DATA",
        [NotReady] = "ERROR_NOT_READY",
        [SharingViolation] = "ERROR_SHARING_VIOLATION",
        [BadNetPath] = "ERROR_BAD_NETPATH",
        [BadNetName] = "ERROR_BAD_NET_NAME",
        [AlreadyExists] = "ERROR_ALREADY_EXISTS",
        [OperationAborted] = "ERROR_OPERATION_ABORTED",
        [ServiceRequestTimeout] = "ERROR_SERVICE_REQUEST_TIMEOUT",
        [ServiceAlreadyRunning] = "ERROR_SERVICE_ALREADY_RUNNING",
        [ServiceDoesNotExist] = "ERROR_SERVICE_DOES_NOT_EXIST",
        [ServiceNotActive] = "ERROR_SERVICE_NOT_ACTIVE",
        [ServiceSpecificError] = "ERROR_SERVICE_SPECIFIC_ERROR",
        [IoDevice] = "ERROR_IO_DEVICE",
        [NotFound] = "ERROR_NOT_FOUND",
        [Cancelled] = "ERROR_CANCELLED",
        [Timeout] = "ERROR_TIMEOUT",
        [FunctionFailed] = "ERROR_FUNCTION_FAILED",
    };

    /// <summary>The code's winerror.h name (<c>ERROR_FILE_NOT_FOUND</c>), or null when Havm.Net does not name it.</summary>
    public static string? NameOf(int code) => Names.TryGetValue(code, out var name) ? name : null;
}
