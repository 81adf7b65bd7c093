namespace Havm.Core.Lifecycle;

/// <summary>The log wording every run shares.</summary>
internal static class RunMessages
{
    public static string Superseded(string guest) => "superseded by Terminate: stopping without touching guest '" + guest + "' again";

    /// <summary>The command that sets a private property, as the log spells it for the administrator to copy.</summary>
    public static string SetProperty(string resource, string property, string value) =>
        "cluster res \"" + resource + "\" /priv " + property + "=\"" + value + "\"";
}
