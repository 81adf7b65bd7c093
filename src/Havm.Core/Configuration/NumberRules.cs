using System.Globalization;

namespace Havm.Core.Configuration;

/// <summary>
/// The numeric private properties of behaviour.md section 2: the one home of their defaults, accepted values and
/// meanings (the reader, Open and the tests read them here).
/// </summary>
internal static class NumberRules
{
    /// <summary>UseAdditionsIsAlive: exactly 1 turns the heartbeat on, as Havm.vbs's <c>= 1</c> did.</summary>
    public static readonly NumberRule UseAdditionsIsAlive = NumberRule.Flag(
        PropertyNames.UseAdditionsIsAlive,
        defaultValue: 1,
        special: 1,
        other: 0,
        effective => effective == 1 ? "heartbeat on" : "heartbeat off");

    /// <summary>AdditionsIsAliveFailureRecoveryAction: exactly 0 saves, as Havm.vbs's <c>= 0</c> did.</summary>
    public static readonly NumberRule AdditionsIsAliveFailureRecoveryAction = NumberRule.Flag(
        PropertyNames.AdditionsIsAliveFailureRecoveryAction,
        defaultValue: 1,
        special: 0,
        other: 1,
        effective => effective == 0 ? "save" : "turn off");

    /// <summary>AdditionsIsAliveHeartbeatThreshold.</summary>
    public static readonly NumberRule HeartbeatThreshold = NumberRule.Range(
        PropertyNames.AdditionsIsAliveHeartbeatThreshold,
        defaultValue: 0,
        min: 0,
        max: 99,
        effective => "a heartbeat at or below " + Text(effective) + "% is a miss");

    /// <summary>HeartbeatMissesBeforeFailure.</summary>
    public static readonly NumberRule HeartbeatMissesBeforeFailure = NumberRule.Range(
        PropertyNames.HeartbeatMissesBeforeFailure,
        defaultValue: 2,
        min: 1,
        max: 100,
        effective => Text(effective) + (effective == 1 ? " miss means" : " misses in a row mean") + " dead");

    /// <summary>OnlineTimeoutSeconds.</summary>
    public static readonly NumberRule OnlineTimeoutSeconds = Seconds(PropertyNames.OnlineTimeoutSeconds, 150);

    /// <summary>OfflineTimeoutSeconds.</summary>
    public static readonly NumberRule OfflineTimeoutSeconds = Seconds(PropertyNames.OfflineTimeoutSeconds, 150);

    /// <summary>TerminateTimeoutSeconds.</summary>
    public static readonly NumberRule TerminateTimeoutSeconds = Seconds(PropertyNames.TerminateTimeoutSeconds, 120);

    /// <summary>OfflineAction.</summary>
    public static readonly NumberRule OfflineAction = NumberRule.Range(
        PropertyNames.OfflineAction,
        defaultValue: 1,
        min: 0,
        max: 2,
        effective => effective switch
        {
            0 => "turn off",
            1 => "save state",
            2 => "shut the guest OS down",
            _ => "unknown",
        });

    /// <summary>DiscardUnrestorableSavedState.</summary>
    public static readonly NumberRule DiscardUnrestorableSavedState = NumberRule.Range(
        PropertyNames.DiscardUnrestorableSavedState,
        defaultValue: 0,
        min: 0,
        max: 1,
        effective => effective == 1 ? "discard an unrestorable saved state" : "keep an unrestorable saved state");

    /// <summary>Every numeric property, in the order of behaviour.md section 2 (the order they are read and logged in).</summary>
    public static readonly NumberRule[] All =
    {
        UseAdditionsIsAlive,
        AdditionsIsAliveFailureRecoveryAction,
        HeartbeatThreshold,
        HeartbeatMissesBeforeFailure,
        OnlineTimeoutSeconds,
        OfflineTimeoutSeconds,
        TerminateTimeoutSeconds,
        OfflineAction,
        DiscardUnrestorableSavedState,
    };

    /// <summary>
    /// The two Havm.vbs flags Open creates when missing, each written with its <see cref="NumberRule.Default"/> (the
    /// third property Open creates, VirtualMachineName, is text and stays blank).
    /// </summary>
    public static readonly NumberRule[] CreatedByOpen = { UseAdditionsIsAlive, AdditionsIsAliveFailureRecoveryAction };

    private static NumberRule Seconds(string name, int defaultValue) => NumberRule.Range(
        name,
        defaultValue,
        min: 1,
        max: 3600,
        effective => Text(effective) + " s",
        unit: "seconds");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
