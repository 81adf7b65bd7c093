using Havm.Core.Model;

namespace Havm.Core.Configuration;

/// <summary>The log lines of <see cref="SettingsReader"/>: each names the property, the value and its meaning, and the fixing command.</summary>
internal static class SettingsMessages
{
    /// <summary>
    /// A bad value and what replaces it, e.g. <c>OfflineAction="abc" is not accepted (accepted: 0, 1 or 2); using
    /// OfflineAction=1 (save state), the default. To fix: cluster res "Guest" /priv OfflineAction=1</c>.
    /// </summary>
    public static string BadValue(NumberRule rule, PropertyValue value, double replacement, bool isLastGood, string resourceName)
    {
        var effective = rule.Effective(replacement);
        return rule.Name + "=" + value + " is not accepted (accepted: " + rule.Accepted + "); using "
            + rule.Name + "=" + NumberRule.Format(replacement) + " (" + rule.Meaning(effective) + "), "
            + (isLastGood ? "the last good value" : "the default") + ". To fix: "
            + FixCommand(resourceName, rule.Name, effective);
    }

    /// <summary>
    /// An accepted but unusual flag value, e.g. <c>UseAdditionsIsAlive=-1 (heartbeat off) is unusual: ... To say so
    /// plainly: cluster res "Guest" /priv UseAdditionsIsAlive=0</c>.
    /// </summary>
    public static string UnusualValue(NumberRule rule, double number, string resourceName)
    {
        var effective = rule.Effective(number);

        // True is -1 in VBScript: an administrator who wrote True most likely meant "on", which it is not.
        var trueNote = number == -1 ? " (True is -1)" : string.Empty;
        return rule.Name + "=" + NumberRule.Format(number) + trueNote + " (" + rule.Meaning(effective) + ") is unusual: "
            + rule.Accepted + ", as in Havm.vbs. To say so plainly: " + FixCommand(resourceName, rule.Name, effective);
    }

    private static string FixCommand(string resourceName, string propertyName, int value) =>
        "cluster res \"" + resourceName + "\" /priv " + propertyName + "=" + NumberRule.Format(value);
}
