using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Configuration;

/// <summary>
/// Reads a resource's private properties with VBScript's rules and the contract's ranges. A bad value never fails:
/// it is logged once per change (property, value, accepted range, the <c>cluster res</c> command that fixes it) and
/// replaced by the last good value seen, else the default. One instance per resource; thread-safe.
/// </summary>
public sealed class SettingsReader
{
    private readonly object _gate = new();
    private readonly Dictionary<string, PropertyMemory> _memory = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    /// <summary>Reads every property once and returns valid settings, logging what it had to replace.</summary>
    public ResourceSettings Read(IClusterResource resource)
    {
        // Every call into the host's object happens outside the lock: a slow or failing Resource must not hold up
        // another entry point's read (Terminate may read concurrently).
        var resourceName = resource.Name;
        var virtualMachineName = resource.ReadProperty(PropertyNames.VirtualMachineName);
        var numbers = NumberRules.All.ToDictionary(rule => rule, rule => resource.ReadProperty(rule.Name));
        var lastOnlineNode = resource.ReadProperty(PropertyNames.LastOnlineNode);
        var staleSavedStateNode = resource.ReadProperty(PropertyNames.StaleSavedStateNode);
        var configurationPath = resource.ReadProperty(PropertyNames.VirtualMachineConfigurationPath);
        var networkPaths = resource.ReadProperty(PropertyNames.VirtualNetworkConfigurationPaths);

        var lines = new List<string>();
        ResourceSettings settings;
        lock (_gate)
        {
            settings = FromNumbers(
                rule => Decide_NeedsLock(rule, numbers[rule], resourceName, lines),
                virtualMachineName: Remembered(PropertyNames.VirtualMachineName, virtualMachineName),
                lastOnlineNode: Remembered(PropertyNames.LastOnlineNode, lastOnlineNode),
                lastOnlineNodeKnown: lastOnlineNode.Kind != PropertyValueKind.Unreadable || _texts.ContainsKey(PropertyNames.LastOnlineNode),
                virtualMachineNameKnown: virtualMachineName.Kind != PropertyValueKind.Unreadable || _texts.ContainsKey(PropertyNames.VirtualMachineName),
                staleSavedStateNode: Remembered(PropertyNames.StaleSavedStateNode, staleSavedStateNode),
                configurationPath: Remembered(PropertyNames.VirtualMachineConfigurationPath, configurationPath).Trim(),
                networkPaths: SplitPaths(Remembered(PropertyNames.VirtualNetworkConfigurationPaths, networkPaths)));
        }

        foreach (var line in lines)
        {
            resource.Log(line);
        }

        return settings;
    }

    /// <summary>
    /// Settings from each numeric property's effective value (<paramref name="number"/>, asked once per rule in the
    /// order of <see cref="NumberRules.All"/>) and the text properties: the one place a rule's number becomes a setting.
    /// </summary>
    internal static ResourceSettings FromNumbers(
        Func<NumberRule, int> number,
        string virtualMachineName = "",
        string lastOnlineNode = "",
        bool lastOnlineNodeKnown = true,
        bool virtualMachineNameKnown = true,
        string staleSavedStateNode = "",
        string configurationPath = "",
        string[]? networkPaths = null) =>
        new(
            virtualMachineName: virtualMachineName,
            useAdditionsIsAlive: number(NumberRules.UseAdditionsIsAlive) == 1,
            saveAfterHeartbeatFailure: number(NumberRules.AdditionsIsAliveFailureRecoveryAction) == 0,
            heartbeatThreshold: number(NumberRules.HeartbeatThreshold),
            heartbeatMissesBeforeFailure: number(NumberRules.HeartbeatMissesBeforeFailure),
            onlineTimeout: TimeSpan.FromSeconds(number(NumberRules.OnlineTimeoutSeconds)),
            offlineTimeout: TimeSpan.FromSeconds(number(NumberRules.OfflineTimeoutSeconds)),
            terminateTimeout: TimeSpan.FromSeconds(number(NumberRules.TerminateTimeoutSeconds)),
            offlineAction: ToOfflineAction(number(NumberRules.OfflineAction)),
            discardUnrestorableSavedState: number(NumberRules.DiscardUnrestorableSavedState) == 1,
            lastOnlineNode: lastOnlineNode,
            lastOnlineNodeKnown: lastOnlineNodeKnown,
            virtualMachineNameKnown: virtualMachineNameKnown,
            staleSavedStateNode: staleSavedStateNode,
            configurationPath: configurationPath,
            networkPaths: networkPaths);

    /// <summary>The paths of a ';'-separated list, trimmed, without empty entries.</summary>
    private static string[] SplitPaths(string list) =>
        list.Split(';').Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();

    /// <summary>A text property: its value, or when it cannot be read, the last value read. Caller holds the lock.</summary>
    private string Remembered(string name, PropertyValue value)
    {
        if (value.Kind == PropertyValueKind.Unreadable)
        {
            return _texts.TryGetValue(name, out var last) ? last : string.Empty;
        }

        var text = TextOf(value);
        _texts[name] = text;
        return text;
    }

    // A missing or blank name is not logged here: Online reports that fatal case itself, with its fixing command.
    private static string TextOf(PropertyValue value) => value.Kind switch
    {
        PropertyValueKind.Text => value.Text,
        PropertyValueKind.Number => value.Text,
        PropertyValueKind.Missing => string.Empty,
        PropertyValueKind.Blank => string.Empty,
        _ => string.Empty,
    };

    private static OfflineAction ToOfflineAction(int value) => value switch
    {
        0 => OfflineAction.TurnOff,
        1 => OfflineAction.Save,
        2 => OfflineAction.ShutDown,
        _ => throw new InvalidOperationException("OfflineAction " + NumberRule.Format(value) + " passed its range check."),
    };

    private int Decide_NeedsLock(NumberRule rule, PropertyValue value, string resourceName, List<string> lines)
    {
        if (!_memory.TryGetValue(rule.Name, out var memory))
        {
            memory = new PropertyMemory();
            _memory.Add(rule.Name, memory);
        }

        switch (value.Kind)
        {
            case PropertyValueKind.Unreadable:
                // The Resource object failed (Terminate reads on regardless): keep what was known, say nothing new.
                return rule.Effective(memory.LastGood ?? rule.Default);

            case PropertyValueKind.Missing:
                // The new properties stay absent until an administrator sets them, so missing is normal. An
                // administrator who deletes one goes back to the default: a later typo falls back to it too.
                memory.LastGood = null;
                memory.Reported = null;
                return rule.Default;

            case PropertyValueKind.Number when rule.Accepts(value.Number):
                memory.LastGood = value.Number;
                if (rule.IsUnusual(value.Number))
                {
                    ReportOnce(memory, "unusual " + NumberRule.Format(value.Number), SettingsMessages.UnusualValue(rule, value.Number, resourceName), lines);
                }
                else
                {
                    memory.Reported = null;
                }

                return rule.Effective(value.Number);

            case PropertyValueKind.Number:
            case PropertyValueKind.Blank:
            case PropertyValueKind.Text:
            default:
                var isLastGood = memory.LastGood.HasValue;
                var replacement = memory.LastGood ?? rule.Default;
                ReportOnce(memory, "bad " + value, SettingsMessages.BadValue(rule, value, replacement, isLastGood, resourceName), lines);
                return rule.Effective(replacement);
        }
    }

    private static void ReportOnce(PropertyMemory memory, string key, string line, List<string> lines)
    {
        if (memory.Reported == key)
        {
            return;
        }

        memory.Reported = key;
        lines.Add(line);
    }
}
