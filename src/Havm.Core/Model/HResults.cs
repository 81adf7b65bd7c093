using System.Globalization;

namespace Havm.Core.Model;

/// <summary>
/// The one home of every COM error code Havm.Net names (Virtual Server's VsComInterfaces.h, winerror.h's COM, RPC
/// and IDispatch codes), each with its name for the log in <see cref="NameOf"/>.
/// </summary>
public static class HResults
{
    /// <summary>FACILITY_WIN32 with the severity bit: <c>HRESULT_FROM_WIN32(x)</c> is this | x (winerror.h).</summary>
    private const uint Win32Failure = 0x80070000u;

    /// <summary>FACILITY_CONTROL with the severity bit: VBScript's and VB's own errors are this | the error number.</summary>
    private const uint ControlFailure = 0x800A0000u;

    /// <summary>S_OK.</summary>
    public static readonly HResult Ok = new(0x00000000u);
    /// <summary>S_FALSE: FindVirtualMachine's "not found".</summary>
    public static readonly HResult False = new(0x00000001u);
    /// <summary>E_FAIL: also Save() on a guest whose undo disks are set to discard.</summary>
    public static readonly HResult Fail = new(0x80004005u);
    /// <summary>E_ACCESSDENIED.</summary>
    public static readonly HResult AccessDenied = new(0x80070005u);
    /// <summary>E_NOINTERFACE: the object does not have the interface asked for (no IDispatch).</summary>
    public static readonly HResult NoInterface = new(0x80004002u);

    /// <summary>E_POINTER: a null object (VBScript's Nothing) where an object was expected.</summary>
    public static readonly HResult NullPointer = new(0x80004003u);

    /// <summary>E_ABORT: the operation was aborted (a Virtual Server task released by Close or a reconnect).</summary>
    public static readonly HResult Abort = new(0x80004004u);

    /// <summary>DISP_E_MEMBERNOTFOUND: the object has no such member.</summary>
    public static readonly HResult MemberNotFound = new(0x80020003u);

    /// <summary>DISP_E_UNKNOWNNAME: the object does not know the name.</summary>
    public static readonly HResult UnknownName = new(0x80020006u);

    /// <summary>DISP_E_EXCEPTION: the callee raised an error.</summary>
    public static readonly HResult DispException = new(0x80020009u);
    /// <summary>VM_E_TIMED_OUT.</summary>
    public static readonly HResult VmTimedOut = new(0xA0040202u);
    /// <summary>VM_E_OUT_OF_RESOURCE.</summary>
    public static readonly HResult OutOfResource = new(0xA0040203u);
    /// <summary>VM_E_TOO_MANY_VMS.</summary>
    public static readonly HResult TooManyVms = new(0xA0040204u);
    /// <summary>VM_E_VM_NOT_RUNNING.</summary>
    public static readonly HResult VmNotRunning = new(0xA0040206u);
    /// <summary>VM_E_VM_UNKNOWN.</summary>
    public static readonly HResult VmUnknown = new(0xA0040207u);
    /// <summary>VM_E_OUT_OF_RESERVE.</summary>
    public static readonly HResult OutOfReserve = new(0xA0040208u);
    /// <summary>VM_E_APP_SHUTTING_DOWN: Virtual Server is stopping and saving its guests.</summary>
    public static readonly HResult AppShuttingDown = new(0xA0040209u);
    /// <summary>VM_E_PREF_UNLOADABLE_ACTIVATION: the saved state file is corrupt or missing.</summary>
    public static readonly HResult UnloadableActivation = new(0xA0040306u);
    /// <summary>VM_E_PREF_SAVED_STATE_BAD_VERSION.</summary>
    public static readonly HResult SavedStateBadVersion = new(0xA0040307u);
    /// <summary>VM_E_PREF_SAVED_STATE_ACCESS_DENIED.</summary>
    public static readonly HResult SavedStateAccessDenied = new(0xA0040308u);
    /// <summary>VM_E_VM_RUNNING.</summary>
    public static readonly HResult VmRunning = new(0xA0040500u);
    /// <summary>VM_E_VM_NO_SAVED_STATE.</summary>
    public static readonly HResult NoSavedState = new(0xA0040501u);
    /// <summary>VM_E_ADDITIONS_NOT_AVAIL: the guest is booting or shutting down, or has no Additions.</summary>
    public static readonly HResult AdditionsNotAvailable = new(0xA0040504u);
    /// <summary>VM_E_ADDITIONS_FEATURE_NOT_AVAIL.</summary>
    public static readonly HResult AdditionsFeatureNotAvailable = new(0xA0040505u);
    /// <summary>VM_E_VM_PAUSED.</summary>
    public static readonly HResult VmPaused = new(0xA0040507u);
    /// <summary>VM_E_HD_IMAGE_OPEN_FAIL.</summary>
    public static readonly HResult HdImageOpenFail = new(0xA004067Cu);
    /// <summary>RPC_E_DISCONNECTED: Virtual Server restarted under a kept connection.</summary>
    public static readonly HResult RpcDisconnected = new(0x80010108u);
    /// <summary>RPC_E_WRONG_THREAD.</summary>
    public static readonly HResult RpcWrongThread = new(0x8001010Eu);
    /// <summary>RPC_S_SERVER_UNAVAILABLE (as an HRESULT).</summary>
    public static readonly HResult RpcServerUnavailable = new(0x800706BAu);
    /// <summary>CO_E_OBJNOTCONNECTED.</summary>
    public static readonly HResult ObjectNotConnected = new(0x800401FDu);
    /// <summary>REGDB_E_CLASSNOTREG: VirtualServer.Application is not registered.</summary>
    public static readonly HResult ClassNotRegistered = new(0x80040154u);
    /// <summary>CO_E_SERVER_EXEC_FAILURE: the Virtual Server service could not be started for the call.</summary>
    public static readonly HResult ServerExecFailure = new(0x80080005u);

    /// <summary>
    /// HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED): a change to the guest refused by its change guard because a
    /// Terminate began (never sent by Virtual Server).
    /// </summary>
    public static readonly HResult OperationAborted = new(0x800703E3u);

    private static readonly Dictionary<uint, string> Names = new()
    {
        [Ok.Value] = "S_OK",
        [False.Value] = "S_FALSE",
        [Fail.Value] = "E_FAIL",
        [AccessDenied.Value] = "E_ACCESSDENIED",
        [DispException.Value] = "DISP_E_EXCEPTION",
        [NoInterface.Value] = "E_NOINTERFACE",
        [NullPointer.Value] = "E_POINTER",
        [Abort.Value] = "E_ABORT",
        [MemberNotFound.Value] = "DISP_E_MEMBERNOTFOUND",
        [UnknownName.Value] = "DISP_E_UNKNOWNNAME",
        [VmTimedOut.Value] = "VM_E_TIMED_OUT",
        [OutOfResource.Value] = "VM_E_OUT_OF_RESOURCE",
        [TooManyVms.Value] = "VM_E_TOO_MANY_VMS",
        [VmNotRunning.Value] = "VM_E_VM_NOT_RUNNING",
        [VmUnknown.Value] = "VM_E_VM_UNKNOWN",
        [OutOfReserve.Value] = "VM_E_OUT_OF_RESERVE",
        [AppShuttingDown.Value] = "VM_E_APP_SHUTTING_DOWN",
        [UnloadableActivation.Value] = "VM_E_PREF_UNLOADABLE_ACTIVATION",
        [SavedStateBadVersion.Value] = "VM_E_PREF_SAVED_STATE_BAD_VERSION",
        [SavedStateAccessDenied.Value] = "VM_E_PREF_SAVED_STATE_ACCESS_DENIED",
        [VmRunning.Value] = "VM_E_VM_RUNNING",
        [NoSavedState.Value] = "VM_E_VM_NO_SAVED_STATE",
        [AdditionsNotAvailable.Value] = "VM_E_ADDITIONS_NOT_AVAIL",
        [AdditionsFeatureNotAvailable.Value] = "VM_E_ADDITIONS_FEATURE_NOT_AVAIL",
        [VmPaused.Value] = "VM_E_VM_PAUSED",
        [HdImageOpenFail.Value] = "VM_E_HD_IMAGE_OPEN_FAIL",
        [RpcDisconnected.Value] = "RPC_E_DISCONNECTED",
        [RpcWrongThread.Value] = "RPC_E_WRONG_THREAD",
        [RpcServerUnavailable.Value] = "RPC_S_SERVER_UNAVAILABLE",
        [ObjectNotConnected.Value] = "CO_E_OBJNOTCONNECTED",
        [ClassNotRegistered.Value] = "REGDB_E_CLASSNOTREG",
        [ServerExecFailure.Value] = "CO_E_SERVER_EXEC_FAILURE",
    };

    /// <summary><c>HRESULT_FROM_WIN32(<paramref name="win32Error"/>)</c>: a Win32 error code as a COM error code.</summary>
    public static HResult FromWin32(int win32Error) => new(Win32Failure | ((uint)win32Error & 0xFFFFu));

    /// <summary>The Win32 error code inside an <c>HRESULT_FROM_WIN32</c> code (0x8007xxxx), or null for any other code.</summary>
    public static int? Win32CodeOf(HResult code) =>
        (code.Value & 0xFFFF0000u) == Win32Failure ? (int)(code.Value & 0xFFFFu) : null;

    /// <summary>
    /// An EXCEPINFO's <c>wCode</c> as a COM error code: FACILITY_CONTROL, as VBScript and VB raise their own errors
    /// (13, type mismatch, is 0x800A000D).
    /// </summary>
    public static HResult FromControlCode(ushort code) => new(ControlFailure | code);

    /// <summary>
    /// The code's name, or null when Havm.Net does not name it. A Win32 code in an HRESULT (FACILITY_WIN32, 0x8007xxxx)
    /// is named after its Win32 name: <c>HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)</c>.
    /// </summary>
    public static string? NameOf(HResult code)
    {
        if (Names.TryGetValue(code.Value, out var name))
        {
            return name;
        }

        return Win32CodeOf(code) is { } win32Code && Win32Error.NameOf(win32Code) is { } win32
            ? "HRESULT_FROM_WIN32(" + win32 + ")"
            : null;
    }

    /// <summary>The code in hex, after its name when it has one: <c>VM_E_VM_RUNNING 0xA0040500</c>.</summary>
    public static string Describe(HResult code)
    {
        var hex = "0x" + code.Value.ToString("X8", CultureInfo.InvariantCulture);
        var name = NameOf(code);
        return name is null ? hex : name + " " + hex;
    }

    /// <summary>Whether the code says the connection to Virtual Server is gone, so that a fresh one may answer.</summary>
    public static bool IsConnectionLost(HResult code) =>
        code == RpcDisconnected || code == RpcServerUnavailable || code == ObjectNotConnected || code == RpcWrongThread;

    /// <summary>Whether the code says a saved state cannot be restored (the guest can only cold-boot after discarding it).</summary>
    public static bool IsUnrestorableSavedState(HResult code) =>
        code == UnloadableActivation || code == SavedStateBadVersion || code == NoSavedState;
}
