namespace Havm.Core.Model;

/// <summary>The guest's settings that matter to the cluster: where it lives, and what Virtual Server does with it by itself.</summary>
public sealed class GuestConfiguration
{
    /// <summary>Virtual Server's value of <c>AutoStartAtLaunch</c> that means "never".</summary>
    public const int AutoStartNever = 0;

    /// <summary>Virtual Server's value of <c>ShutdownActionOnQuit</c> that means "save state".</summary>
    public const int ShutdownActionSave = 0;

    /// <summary>Creates the settings.</summary>
    public GuestConfiguration(string configurationFile, bool undoDisksDiscard, int autoStartAtLaunch, int shutdownActionOnQuit)
    {
        ConfigurationFile = configurationFile;
        UndoDisksDiscard = undoDisksDiscard;
        AutoStartAtLaunch = autoStartAtLaunch;
        ShutdownActionOnQuit = shutdownActionOnQuit;
    }

    /// <summary>The guest's .vmc file.</summary>
    public string ConfigurationFile { get; }

    /// <summary>Undo disks are on and set to discard: Save() is refused (it would corrupt the disks).</summary>
    public bool UndoDisksDiscard { get; }

    /// <summary><c>AutoStartAtLaunch</c> (<see cref="AutoStartNever"/> = never).</summary>
    public int AutoStartAtLaunch { get; }

    /// <summary><c>ShutdownActionOnQuit</c> (<see cref="ShutdownActionSave"/> = save).</summary>
    public int ShutdownActionOnQuit { get; }
}
