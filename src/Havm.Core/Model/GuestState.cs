namespace Havm.Core.Model;

/// <summary>Virtual Server's <c>VMVMState</c>, value for value.</summary>
public enum GuestState
{
    /// <summary>Should not occur for an existing guest.</summary>
    Invalid = 0,
    /// <summary>Off, not saved.</summary>
    TurnedOff = 1,
    /// <summary>Off, its state saved.</summary>
    Saved = 2,
    /// <summary>Turning on (or restoring).</summary>
    TurningOn = 3,
    /// <summary>Restoring its saved state.</summary>
    Restoring = 4,
    /// <summary>Running.</summary>
    Running = 5,
    /// <summary>Paused.</summary>
    Paused = 6,
    /// <summary>Saving its state.</summary>
    Saving = 7,
    /// <summary>Turning off.</summary>
    TurningOff = 8,
    /// <summary>Merging its undo drives.</summary>
    MergingDrives = 9,
    /// <summary>Being deleted.</summary>
    DeleteMachine = 10,
}
