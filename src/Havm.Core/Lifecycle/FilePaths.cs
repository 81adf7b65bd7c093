namespace Havm.Core.Lifecycle;

/// <summary>Windows file names as Havm.Net compares them: the guest's .vmc, its disks and its networks' .vnc files.</summary>
internal static class FilePaths
{
    /// <summary>
    /// Whether two names are the same file as Windows opens it: case-insensitive, <c>/</c> the same as <c>\</c>, and a
    /// run of separators one separator (a leading <c>\\</c> of a share excepted), surrounding spaces ignored. An empty
    /// <paramref name="expected"/> matches anything.
    /// </summary>
    public static bool Same(string actual, string expected) =>
        expected.Trim().Length == 0 || string.Equals(Normal(actual), Normal(expected), StringComparison.OrdinalIgnoreCase);

    /// <summary>The drive (<c>D:</c>) or share (<c>\\server\share</c>) a full path lives on, upper case; empty when it has neither.</summary>
    public static string Root(string path)
    {
        var p = Normal(path);
        if (p.Length >= 2 && p[1] == ':')
        {
            return p.Substring(0, 2).ToUpperInvariant();
        }

        if (p.StartsWith(@"\\", StringComparison.Ordinal))
        {
            var parts = p.Substring(2).Split('\\');
            return parts.Length >= 2 ? (@"\\" + parts[0] + @"\" + parts[1]).ToUpperInvariant() : string.Empty;
        }

        return string.Empty;
    }

    /// <summary>Trimmed, <c>/</c> as <c>\</c>, runs of separators collapsed (a share's leading <c>\\</c> kept).</summary>
    private static string Normal(string path)
    {
        var p = path.Trim().Replace('/', '\\');
        var share = p.StartsWith(@"\\", StringComparison.Ordinal);
        var body = share ? p.Substring(2) : p;
        while (body.IndexOf(@"\\", StringComparison.Ordinal) >= 0)
        {
            body = body.Replace(@"\\", @"\");
        }

        return share ? @"\\" + body : body;
    }
}
