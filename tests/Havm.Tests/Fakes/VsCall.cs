namespace Havm.Tests.Fakes;

/// <summary>Every call into Virtual Server that can be made to fail.</summary>
public enum VsCall
{
    FindGuest,
    GuestNames,
    ReadState,
    Startup,
    Save,
    TurnOff,
    Resume,
    ShutdownGuestOs,
    DiscardSavedState,
    IsHeartbeating,
    HeartbeatPercentage,
    ReadConfiguration,
    TaskWait,
    TaskReadStatus,
    TaskCancel,
    Register,
}
