using System.Globalization;
using Havm.Core.Model;

namespace Havm.Simulator;

/// <summary>A trace file that does not parse: the message names the file and the line.</summary>
internal sealed class TraceFormatException : Exception
{
    public TraceFormatException(string file, int line, string problem)
        : base(file + ":" + line.ToString(CultureInfo.InvariantCulture) + ": " + problem)
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    public string File { get; }

    public int Line { get; }

    public string Problem { get; }
}

/// <summary>
/// Reads the line-oriented trace format (described in README.md, "Detection quality"). Stateless; thread-safe.
/// </summary>
internal static class TraceParser
{
    private const string Settings = "state, additions, heartbeat, vs, service, registered, io";

    public static Trace ParseFile(string path) =>
        Parse(Path.GetFileName(path), Path.GetFileNameWithoutExtension(path), File.ReadAllLines(path));

    /// <summary>Parses <paramref name="lines"/>; <paramref name="file"/> names the source in errors, <paramref name="defaultName"/> is used when there is no name line.</summary>
    public static Trace Parse(string file, string defaultName, IReadOnlyList<string> lines)
    {
        string? name = null;
        string? label = null;
        var labelLine = 0;
        TimeSpan? failedAt = null;
        TimeSpan? length = null;
        var notes = new List<string>();
        var steps = new List<TraceStep>();
        var conditions = Conditions.Initial;

        for (var i = 0; i < lines.Count; i++)
        {
            var number = i + 1;
            var line = StripComment(lines[i]).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            TraceFormatException Error(string problem) => new(file, number, problem);

            if (line.StartsWith("at ", StringComparison.Ordinal))
            {
                var rest = line.Substring(3).Trim();
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                if (space < 0)
                {
                    throw Error("'at' needs a time and at least one setting, e.g. 'at 10:00 additions off'");
                }

                var at = ParseTime(rest.Substring(0, space), Error);
                if (steps.Count > 0 && at < steps[^1].At)
                {
                    throw Error("time " + Trace.Clock(at) + " is before the previous line's " + Trace.Clock(steps[^1].At) + " (lines must be in time order)");
                }

                if (steps.Count == 0 && at > TimeSpan.Zero)
                {
                    steps.Add(new TraceStep(TimeSpan.Zero, conditions, number));
                }

                foreach (var setting in rest.Substring(space + 1).Split(','))
                {
                    conditions = Apply(conditions, setting.Trim(), Error);
                }

                if (steps.Count > 0 && steps[^1].At == at)
                {
                    steps[^1] = new TraceStep(at, conditions, number);
                }
                else
                {
                    steps.Add(new TraceStep(at, conditions, number));
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw Error("expected 'name:', 'label:', 'length:', 'note:' or 'at <time> <settings>', found '" + line + "'");
            }

            var key = line.Substring(0, colon).Trim();
            var value = line.Substring(colon + 1).Trim();
            switch (key)
            {
                case "name":
                    if (value.Length == 0)
                    {
                        throw Error("'name:' is empty");
                    }

                    name = value;
                    break;
                case "label":
                    label = value;
                    labelLine = number;
                    if (value == "healthy")
                    {
                        failedAt = null;
                    }
                    else if (value.StartsWith("failed at ", StringComparison.Ordinal))
                    {
                        failedAt = ParseTime(value.Substring("failed at ".Length).Trim(), Error);
                    }
                    else
                    {
                        throw Error("label must be 'healthy' or 'failed at <m:ss>', found '" + value + "'");
                    }

                    break;
                case "length":
                    length = ParseTime(value, Error);
                    if (length <= TimeSpan.Zero)
                    {
                        throw Error("length must be more than 0:00");
                    }

                    break;
                case "note":
                    notes.Add(value);
                    break;
                default:
                    throw Error("unknown header '" + key + ":' (expected name, label, length or note)");
            }
        }

        var last = Math.Max(lines.Count, 1);
        if (label is null)
        {
            throw new TraceFormatException(file, last, "no 'label:' line (healthy, or failed at <m:ss>)");
        }

        if (length is null)
        {
            throw new TraceFormatException(file, last, "no 'length:' line (how long to replay, e.g. 'length: 40:00')");
        }

        if (failedAt is { } failure && failure >= length)
        {
            throw new TraceFormatException(file, labelLine, "failed at " + Trace.Clock(failure) + " is not before the end of the trace (length " + Trace.Clock(length.Value) + ")");
        }

        if (steps.Count == 0)
        {
            steps.Add(new TraceStep(TimeSpan.Zero, conditions, last));
        }

        if (steps[^1].At >= length)
        {
            throw new TraceFormatException(file, steps[^1].Line, "time " + Trace.Clock(steps[^1].At) + " is not before the end of the trace (length " + Trace.Clock(length.Value) + ")");
        }

        return new Trace(name ?? defaultName, failedAt, length.Value, notes, steps);
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? line : line.Substring(0, hash);
    }

    /// <summary>m:ss or h:mm:ss; minutes may exceed 59 in the m:ss form.</summary>
    private static TimeSpan ParseTime(string text, Func<string, TraceFormatException> error)
    {
        var parts = text.Split(':');
        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                throw error("bad time '" + text + "' (expected m:ss or h:mm:ss)");
            }
        }

        if (parts.Length is < 2 or > 3 || parts[^1].Length != 2 || numbers[^1] > 59 || (parts.Length == 3 && (parts[1].Length != 2 || numbers[1] > 59)))
        {
            throw error("bad time '" + text + "' (expected m:ss or h:mm:ss)");
        }

        return parts.Length == 2
            ? TimeSpan.FromMinutes(numbers[0]) + TimeSpan.FromSeconds(numbers[1])
            : TimeSpan.FromHours(numbers[0]) + TimeSpan.FromMinutes(numbers[1]) + TimeSpan.FromSeconds(numbers[2]);
    }

    private static Conditions Apply(Conditions c, string setting, Func<string, TraceFormatException> error)
    {
        var words = setting.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            throw error("empty setting (two commas, or a comma at the end?)");
        }

        string Value(int expected)
        {
            if (words.Length != expected + 1)
            {
                throw error("'" + setting + "': '" + words[0] + "' takes " + expected + " value" + (expected == 1 ? string.Empty : "s"));
            }

            return words[1];
        }

        switch (words[0])
        {
            case "state":
                var state = Value(1);
                if (!Enum.TryParse<GuestState>(state, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(state, out _))
                {
                    throw error("unknown state '" + state + "' (expected one of " + string.Join(", ", Enum.GetNames<GuestState>()) + ")");
                }

                return c with { State = parsed };
            case "additions":
                return c with { Additions = OnOff(Value(1), "additions", error) };
            case "io":
                return c with { Io = OnOff(Value(1), "io", error) };
            case "registered":
                var registered = Value(1);
                return registered switch
                {
                    "yes" => c with { Registered = true },
                    "no" => c with { Registered = false },
                    _ => throw error("registered takes yes or no, found '" + registered + "'"),
                };
            case "heartbeat":
                var rate = Value(1);
                if (!rate.EndsWith('%') || !int.TryParse(rate.AsSpan(0, rate.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var percent) || percent > 100)
                {
                    throw error("heartbeat takes a share of the expected heartbeats from 0% to 100%, found '" + rate + "'");
                }

                return c with { HeartbeatRate = percent };
            case "service":
                var service = Value(1);
                return service switch
                {
                    "running" => c with { Service = ServiceState.Running },
                    "stopped" => c with { Service = ServiceState.Stopped },
                    "stoppending" => c with { Service = ServiceState.StopPending },
                    "startpending" => c with { Service = ServiceState.StartPending },
                    _ => throw error("service takes running, stopped, stoppending or startpending, found '" + service + "'"),
                };
            case "vs":
                if (words.Length >= 2 && words[1] == "fail")
                {
                    if (words.Length != 3 || !words[2].StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                        || !uint.TryParse(words[2].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                    {
                        throw error("'vs fail' takes an HRESULT in hex, e.g. 'vs fail 0x80010108'");
                    }

                    return c with { Vs = VsBehaviour.Fail, VsError = new HResult(code) };
                }

                var vs = Value(1);
                return vs switch
                {
                    "ok" => c with { Vs = VsBehaviour.Ok, VsError = HResults.Ok },
                    "hang" => c with { Vs = VsBehaviour.Hang, VsError = HResults.Ok },
                    _ => throw error("vs takes ok, hang or fail <hresult>, found '" + vs + "'"),
                };
            default:
                throw error("unknown setting '" + words[0] + "' (expected " + Settings + ")");
        }
    }

    private static bool OnOff(string value, string what, Func<string, TraceFormatException> error) => value switch
    {
        "on" => true,
        "off" => false,
        _ => throw error(what + " takes on or off, found '" + value + "'"),
    };
}
