namespace Havm.Core.Model;

/// <summary>The guest's settings that matter to the cluster: where it lives, and what Virtual Server does with it by itself.</summary>
/// <param name="ConfigurationFile">The guest's .vmc file.</param>
/// <param name="UndoDisksDiscard">Undo disks are on and set to discard: Save() is refused (it would corrupt the disks).</param>
/// <param name="AutoStartAtLaunch"><c>AutoStartAtLaunch</c> (<see cref="AutoStartNever"/> = never).</param>
/// <param name="ShutdownActionOnQuit"><c>ShutdownActionOnQuit</c> (<see cref="ShutdownActionSave"/> = save).</param>
public sealed record GuestConfiguration(string ConfigurationFile, bool UndoDisksDiscard, int AutoStartAtLaunch, int ShutdownActionOnQuit)
{
    /// <summary>Virtual Server's value of <c>AutoStartAtLaunch</c> that means "never".</summary>
    public const int AutoStartNever = 0;

    /// <summary>Virtual Server's value of <c>ShutdownActionOnQuit</c> that means "save state".</summary>
    public const int ShutdownActionSave = 0;
}
