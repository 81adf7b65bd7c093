using Havm.Core.Configuration;
using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>
/// What an Online learns about the guest's files and reports (behaviour.md section 4, steps 1 and 6): LastOnlineNode,
/// the configuration warnings, the path properties other nodes register the guest from, the drive warning.
/// </summary>
internal sealed class OnlineReport
{
    private readonly GuestRun _run;
    private readonly OnlineMessages _say;
    private readonly OnlineReportMessages _tell;
    private GuestFiles? _files;

    public OnlineReport(GuestRun run, OnlineMessages say)
    {
        _run = run;
        _say = say;
        _tell = new OnlineReportMessages(run);
    }

    /// <summary>The guest's configuration as read when it was found (null: unreadable then).</summary>
    public GuestConfiguration? Configuration { get; set; }

    /// <summary>The guest runs here: Online succeeds.</summary>
    public int Succeeded() => Reported(_say.Running());

    /// <summary>Every Online that returns 0 ends here: LastOnlineNode, the configuration warnings, the path properties, then <paramref name="line"/>.</summary>
    public int Reported(string line)
    {
        _run.Resource.WriteProperty(PropertyNames.LastOnlineNode, _run.Resource.NodeName);
        _run.Parts.LastOnline.Note(online => online with { WroteLastOnlineNode = true });
        WarnAboutConfiguration();
        LearnFiles();
        _run.Log(line);
        return Win32Error.Success;
    }

    /// <summary>
    /// Step 1, once the guest is found: reads its files (kept for <see cref="LearnFiles"/>) and warns once about
    /// files that will not move with the group (another drive than the configuration file's), whatever Online's
    /// outcome: a node where the guest then fails to start is the one that needs the warning.
    /// </summary>
    public void InspectFiles()
    {
        var files = _run.Target.Guest.ReadFiles(_run.Deadline);
        _files = files.IsOk ? files.Value : null;
        if (_files is not null)
        {
            var configurationFile = Configuration?.ConfigurationFile ?? string.Empty;
            WarnAboutDrives(configurationFile.Length > 0 ? configurationFile : _run.Settings.ConfigurationPath, _files);
        }
    }

    /// <summary>Step 6: once per process, what would make Offline or Virtual Server itself act against the cluster.</summary>
    private void WarnAboutConfiguration()
    {
        var configuration = Configuration;
        if (configuration is null)
        {
            var read = _run.Target.Guest.ReadConfiguration(_run.Deadline);
            configuration = read.IsOk ? read.Value : null;
        }

        if (configuration is null)
        {
            return;
        }

        var memory = _run.Parts.Memory;
        if (configuration.UndoDisksDiscard && memory.FirstWarning(_run.Name + "/undo"))
        {
            _run.Log(_tell.UndoDisksDiscard());
        }

        if (configuration.AutoStartAtLaunch != GuestConfiguration.AutoStartNever && memory.FirstWarning(_run.Name + "/autostart"))
        {
            _run.Log(_tell.AutoStart(configuration.AutoStartAtLaunch));
        }

        if (configuration.ShutdownActionOnQuit != GuestConfiguration.ShutdownActionSave && memory.FirstWarning(_run.Name + "/onquit"))
        {
            _run.Log(_tell.NotSavedOnQuit(configuration.ShutdownActionOnQuit));
        }
    }

    /// <summary>
    /// After a successful Online: writes the two path properties from what Virtual Server reports when they are
    /// empty, so that every other node can register the guest.
    /// </summary>
    private void LearnFiles()
    {
        // Best effort: a property the Resource object cannot write never fails an Online whose guest runs.
        var resource = new TolerantResource(_run.Resource, _run.Parts.Names);
        var configurationFile = Configuration?.ConfigurationFile ?? string.Empty;
        if (_run.Settings.ConfigurationPath.Length == 0 && configurationFile.Length > 0)
        {
            resource.WriteProperty(PropertyNames.VirtualMachineConfigurationPath, configurationFile);
            _run.Log(_tell.ConfigurationPathLearned(configurationFile));
        }

        if (_run.Settings.NetworkPaths.Length == 0 && _files is { Networks.Length: > 0 } files)
        {
            var list = string.Join(";", files.Networks);
            resource.WriteProperty(PropertyNames.VirtualNetworkConfigurationPaths, list);
            _run.Log(_tell.NetworkPathsLearned(list));
        }
    }

    private void WarnAboutDrives(string configurationFile, GuestFiles files)
    {
        var root = FilePaths.Root(configurationFile);
        if (root.Length == 0)
        {
            return;
        }

        var elsewhere = Elsewhere(root, "virtual hard disk", files.HardDisks)
            .Concat(Elsewhere(root, "undo disk", files.UndoDisks))
            .Concat(Elsewhere(root, "virtual network configuration", files.Networks))
            .ToArray();
        // Once per guest and set of misplaced files: a disk added on a local drive later is warned about too.
        if (elsewhere.Length > 0 && _run.Parts.Memory.FirstWarning(_run.Name + "/drives/" + string.Join("|", elsewhere).ToUpperInvariant()))
        {
            _run.Log(_tell.FilesElsewhere(root, string.Join(", ", elsewhere), configurationFile));
        }
    }

    /// <summary>The files of one kind that live on another drive than <paramref name="root"/>, described for the log.</summary>
    private static IEnumerable<string> Elsewhere(string root, string kind, string[] files) =>
        files.Where(f => FilePaths.Root(f).Length > 0 && !string.Equals(FilePaths.Root(f), root, StringComparison.Ordinal)).Select(f => kind + " " + f);
}
