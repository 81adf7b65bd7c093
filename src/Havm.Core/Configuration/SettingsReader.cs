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
        var virtualMachineName = resource.ReadProperty(PropertyNames.VirtualMachineName);
        var numbers = NumberRules.All.ToDictionary(rule => rule, rule => resource.ReadProperty(rule.Name));
        var lastOnlineNode = resource.ReadProperty(PropertyNames.LastOnlineNode);
        var staleSavedStateNode = resource.ReadProperty(PropertyNames.StaleSavedStateNode);
        var configurationPath = resource.ReadProperty(PropertyNames.VirtualMachineConfigurationPath);
        var networkPaths = resource.ReadProperty(PropertyNames.VirtualNetworkConfigurationPaths);

        List<Replacement>? replaced = null;
        ResourceSettings settings;
        lock (_gate)
        {
            settings = FromNumbers(
                rule => Decide_NeedsLock(rule, numbers[rule], ref replaced),
                virtualMachineName: Remembered(PropertyNames.VirtualMachineName, virtualMachineName),
                lastOnlineNode: Remembered(PropertyNames.LastOnlineNode, lastOnlineNode),
                lastOnlineNodeKnown: lastOnlineNode.Kind != PropertyValueKind.Unreadable || _texts.ContainsKey(PropertyNames.LastOnlineNode),
                virtualMachineNameKnown: virtualMachineName.Kind != PropertyValueKind.Unreadable || _texts.ContainsKey(PropertyNames.VirtualMachineName),
                staleSavedStateNode: Remembered(PropertyNames.StaleSavedStateNode, staleSavedStateNode),
                configurationPath: Remembered(PropertyNames.VirtualMachineConfigurationPath, configurationPath).Trim(),
                networkPaths: SplitPaths(Remembered(PropertyNames.VirtualNetworkConfigurationPaths, networkPaths)));
        }

        LogReplaced(resource, replaced);
        return settings;
    }

    /// <summary>
    /// IsAlive's read (issue 11): only the properties it uses, each read once, with the same rules, memory and log
    /// lines as <see cref="Read"/>: the guest's name and the heartbeat's settings, and what the Terminate after a failed
    /// IsAlive decides on, which it only remembers (LastOnlineNode, AdditionsIsAliveFailureRecoveryAction,
    /// TerminateTimeoutSeconds): a Terminate whose Resource object fails falls back on the last good values, so a
    /// takeover or a changed recovery action seen by a poll still counts (a possibly stale instance is never saved). Allocates nothing while every
    /// value is good or already logged.
    /// </summary>
    public PollSettings ReadPoll(IClusterResource resource)
    {
        var virtualMachineName = resource.ReadProperty(PropertyNames.VirtualMachineName);
        var useAdditionsIsAlive = resource.ReadProperty(PropertyNames.UseAdditionsIsAlive);
        var threshold = resource.ReadProperty(PropertyNames.AdditionsIsAliveHeartbeatThreshold);
        var misses = resource.ReadProperty(PropertyNames.HeartbeatMissesBeforeFailure);
        var lastOnlineNode = resource.ReadProperty(PropertyNames.LastOnlineNode);
        var recoveryAction = resource.ReadProperty(PropertyNames.AdditionsIsAliveFailureRecoveryAction);
        var terminateTimeout = resource.ReadProperty(PropertyNames.TerminateTimeoutSeconds);

        List<Replacement>? replaced = null;
        PollSettings settings;
        lock (_gate)
        {
            settings = new PollSettings(
                Remembered(PropertyNames.VirtualMachineName, virtualMachineName),
                Decide_NeedsLock(NumberRules.UseAdditionsIsAlive, useAdditionsIsAlive, ref replaced) == 1,
                Decide_NeedsLock(NumberRules.HeartbeatThreshold, threshold, ref replaced),
                Decide_NeedsLock(NumberRules.HeartbeatMissesBeforeFailure, misses, ref replaced));
            _ = Remembered(PropertyNames.LastOnlineNode, lastOnlineNode);
            // What the Terminate after a failed IsAlive decides on is kept fresh too, and a bad value reported now,
            // not by that Terminate: it falls back on these when its Resource object fails.
            _ = Decide_NeedsLock(NumberRules.AdditionsIsAliveFailureRecoveryAction, recoveryAction, ref replaced);
            _ = Decide_NeedsLock(NumberRules.TerminateTimeoutSeconds, terminateTimeout, ref replaced);
        }

        LogReplaced(resource, replaced);
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

    /// <summary>Logs what a read replaced or found unusual, in the order read; the resource's name is read only then.</summary>
    private static void LogReplaced(IClusterResource resource, List<Replacement>? replaced)
    {
        if (replaced is null)
        {
            return;
        }

        var resourceName = resource.Name;
        foreach (var line in replaced)
        {
            resource.Log(line.Words(resourceName));
        }
    }

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

    private int Decide_NeedsLock(NumberRule rule, PropertyValue value, ref List<Replacement>? replaced)
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
                    ReportOnce(memory, LoggedValue.Unusual(value), Replacement.Unusual(rule, value.Number), ref replaced);
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
                ReportOnce(memory, LoggedValue.Bad(value), Replacement.Bad(rule, value, replacement, isLastGood), ref replaced);
                return rule.Effective(replacement);
        }
    }

    private static void ReportOnce(PropertyMemory memory, LoggedValue value, Replacement line, ref List<Replacement>? replaced)
    {
        if (memory.Reported is { } last && last.Same(value))
        {
            return;
        }

        memory.Reported = value;
        (replaced ??= new List<Replacement>()).Add(line);
    }

    /// <summary>A line to log about one property, worded once the read is done (it names the resource).</summary>
    private readonly struct Replacement
    {
        private readonly NumberRule _rule;
        private readonly PropertyValue _value;
        private readonly double _number;
        private readonly bool _isLastGood;
        private readonly bool _unusual;

        private Replacement(NumberRule rule, PropertyValue value, double number, bool isLastGood, bool unusual)
        {
            _rule = rule;
            _value = value;
            _number = number;
            _isLastGood = isLastGood;
            _unusual = unusual;
        }

        /// <summary>A bad value replaced by <paramref name="replacement"/> (the last good value, or the default).</summary>
        public static Replacement Bad(NumberRule rule, PropertyValue value, double replacement, bool isLastGood) =>
            new(rule, value, replacement, isLastGood, unusual: false);

        /// <summary>An accepted but unusual flag value.</summary>
        public static Replacement Unusual(NumberRule rule, double number) => new(rule, default, number, false, unusual: true);

        public string Words(string resourceName) => _unusual
            ? SettingsMessages.UnusualValue(_rule, _number, resourceName)
            : SettingsMessages.BadValue(_rule, _value, _number, _isLastGood, resourceName);
    }
}
