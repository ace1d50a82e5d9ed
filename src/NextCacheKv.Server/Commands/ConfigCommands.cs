using System.Globalization;
using System.Text;

namespace NextCacheKv.Server.Commands;

/// <summary>CONFIG GET|SET|RESETSTAT|REWRITE over the parameters that exist here.</summary>
internal static class ConfigCommands
{
    /// <summary>A CONFIG parameter; Set returns null on success or the reason Redis would give.</summary>
    private sealed record Parameter(string Name, Func<CacheServer, string> Get, Func<CacheServer, string, string?>? Set = null);

    private const string NotAnInteger = "argument couldn't be parsed into an integer";

    private static readonly Parameter[] Parameters =
    [
        new("bind", s => s.Options.Bind),
        new("port", s => s.EndPoint.Port.ToString(CultureInfo.InvariantCulture)),
        new("dir", s => Path.GetFullPath(s.Options.Store.Directory)),
        new("databases", s => s.Options.Store.Databases.ToString(CultureInfo.InvariantCulture)),
        new("maxmemory", s => s.Options.Store.MemoryBytes.ToString(CultureInfo.InvariantCulture)),
        new("maxmemory-policy", _ => "noeviction"),
        new("requirepass", s => s.Options.RequirePass ?? "", (s, v) => { s.Options.RequirePass = v.Length == 0 ? null : v; return null; }),
        new("maxclients", s => s.Options.MaxClients.ToString(CultureInfo.InvariantCulture), (s, v) => TrySetNumber(v, 1, uint.MaxValue, x => s.Options.MaxClients = (int)Math.Min(x, int.MaxValue))),
        new("proto-max-bulk-len", s => s.Options.Limits.MaxBulkLength.ToString(CultureInfo.InvariantCulture),
            (s, v) => TrySetNumber(v, 1024 * 1024, s.Options.Store.MaxValueBytes, x => s.Options.Limits.MaxBulkLength = x)),
        new("client-query-buffer-limit", s => s.Options.Limits.QueryBufferLimit.ToString(CultureInfo.InvariantCulture),
            (s, v) => TrySetNumber(v, 1024 * 1024, long.MaxValue, x => s.Options.Limits.QueryBufferLimit = x)),
        new("save", s => s.Options.CheckpointIntervalSeconds > 0 ? $"{s.Options.CheckpointIntervalSeconds} 1" : "", (s, v) => TrySetSave(s, v)),
        new("appendonly", _ => "no"),
        new("appendfsync", _ => "everysec"),
        new("timeout", _ => "0"),
        new("tcp-keepalive", _ => "300"),
        new("notify-keyspace-events", s => KeyspaceEvents.Format(s.KeyspaceEvents.Classes), TrySetNotifyKeyspaceEvents),
        new("client-output-buffer-limit", s => s.Options.OutputBufferLimits.Format(), (s, v) => s.Options.OutputBufferLimits.TrySet(v)),
        new("lua-time-limit", _ => "5000"),
        new("busy-reply-threshold", _ => "5000"),
        new("slowlog-log-slower-than", _ => "10000"),
        new("slowlog-max-len", _ => "128"),
        new("maxmemory-samples", _ => "5"),
        new("lfu-log-factor", _ => "10"),
        new("lfu-decay-time", _ => "1"),
        new("protected-mode", _ => "no"),
        new("tcp-backlog", s => s.Options.Backlog.ToString(CultureInfo.InvariantCulture)),
        // Redis's io-threads; here the event loops, each running its clients' commands (fixed at start).
        new("io-threads", s => s.Options.IoThreads.ToString(CultureInfo.InvariantCulture)),
        new("busy-poll-us", s => s.Options.BusyPollMicroseconds.ToString(CultureInfo.InvariantCulture)),
        new("nap-us", s => s.Options.NapMicroseconds.ToString(CultureInfo.InvariantCulture)),
        new("dbfilename", _ => "checkpoints"),
        new("active-expire-effort", _ => "1"),
    ];

    public static ValueTask Config(CommandContext c)
    {
        string sub = c.ArgString(1).ToLowerInvariant();
        switch (sub)
        {
            case "get" when c.Count >= 3:
                Get(c);
                break;
            case "set" when c.Count >= 4 && c.Count % 2 == 0:
                Set(c);
                break;
            case "resetstat" when c.Count == 2:
                c.Server.Stats.Reset();
                c.Ok();
                break;
            case "rewrite" when c.Count == 2:
                c.Error("ERR The server is running without a config file");
                break;
            case "get" or "set" or "resetstat" or "rewrite":
                c.Error(Errors.WrongArity($"config|{sub}"));
                break;
            default:
                c.Error(Errors.UnknownSubcommand(c.ArgString(1), "config"));
                break;
        }
        return default;
    }

    private static void Get(CommandContext c)
    {
        var matches = new List<Parameter>();
        for (int i = 2; i < c.Count; i++)
        {
            var pattern = c.Arg(i);
            foreach (var parameter in Parameters)
                if (Glob.IsMatch(pattern, Encoding.ASCII.GetBytes(parameter.Name), ignoreCase: true) && !matches.Contains(parameter))
                    matches.Add(parameter);
        }
        c.MapHeader(matches.Count);
        foreach (var parameter in matches)
        {
            c.Bulk(parameter.Name);
            c.Bulk(parameter.Get(c.Server));
        }
    }

    private static void Set(CommandContext c)
    {
        for (int i = 2; i < c.Count; i += 2)
        {
            string name = c.ArgString(i).ToLowerInvariant();
            var parameter = Array.Find(Parameters, p => p.Name == name);
            if (parameter?.Set is null)
            {
                c.Error($"ERR Unknown option or number of arguments for CONFIG SET - '{Errors.Truncate(c.ArgString(i))}'");
                return;
            }
            if (parameter.Set(c.Server, c.ArgString(i + 1)) is { } reason)
            {
                c.Error($"ERR CONFIG SET failed (possibly related to argument '{name}') - {reason}");
                return;
            }
        }
        c.Ok();
    }

    private static string? TrySetNumber(string value, long min, long max, Action<long> apply)
    {
        if (!MemorySize.TryParse(value, out long parsed)) return NotAnInteger;
        if (parsed < min || parsed > max) return $"argument must be between {min} and {max} inclusive";
        apply(parsed);
        return null;
    }

    private static string? TrySetNotifyKeyspaceEvents(CacheServer server, string value)
    {
        if (!KeyspaceEvents.TryParse(value, out var classes)) return KeyspaceEvents.InvalidClassMessage;
        server.KeyspaceEvents.Classes = classes;
        return null;
    }

    /// <summary>Redis "save" takes "seconds changes" pairs; we checkpoint every N seconds when anything changed.</summary>
    private static string? TrySetSave(CacheServer server, string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            server.Options.CheckpointIntervalSeconds = 0;
            return null;
        }
        if (parts.Length % 2 != 0 || !int.TryParse(parts[0], out int seconds) || seconds <= 0) return "Invalid save parameters";
        server.Options.CheckpointIntervalSeconds = seconds;
        return null;
    }
}
