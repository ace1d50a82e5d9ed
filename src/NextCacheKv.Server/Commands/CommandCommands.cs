using NextCacheKv.Protocol;

namespace NextCacheKv.Server.Commands;

/// <summary>COMMAND, COMMAND COUNT|INFO|DOCS|LIST: what redis-cli and client libraries ask at start.</summary>
internal static class CommandCommands
{
    public static ValueTask Command(CommandContext c)
    {
        var table = c.Server.Commands;
        if (c.Count == 1)
        {
            c.ArrayHeader(table.Count);
            foreach (var spec in table.All) WriteInfo(c, spec);
            return default;
        }
        string sub = c.ArgString(1).ToLowerInvariant();
        switch (sub)
        {
            case "count" when c.Count == 2:
                c.Integer(table.Count);
                break;
            case "info":
                if (c.Count == 2)
                {
                    c.ArrayHeader(table.Count);
                    foreach (var spec in table.All) WriteInfo(c, spec);
                    break;
                }
                c.ArrayHeader(c.Count - 2);
                for (int i = 2; i < c.Count; i++)
                {
                    var spec = table.Find(c.Arg(i));
                    if (spec is null) c.NullBulk();
                    else WriteInfo(c, spec);
                }
                break;
            case "docs":
            {
                var specs = c.Count == 2 ? table.All.ToList() : Enumerable.Range(2, c.Count - 2).Select(i => table.Find(c.Arg(i))).OfType<CommandSpec>().ToList();
                c.MapHeader(specs.Count);
                foreach (var spec in specs)
                {
                    c.Bulk(spec.Name);
                    c.MapHeader(3);
                    c.Bulk("summary"u8); c.Bulk(spec.Name.ToUpperInvariant() + " command");
                    c.Bulk("since"u8); c.Bulk("1.0.0"u8);
                    c.Bulk("group"u8); c.Bulk(spec.FirstKey > 0 ? "keyspace" : "server");
                }
                break;
            }
            case "list" when c.Count == 2:
                c.ArrayHeader(table.Count);
                foreach (var spec in table.All) c.Bulk(spec.Name);
                break;
            case "count" or "list":
                c.Error(Errors.WrongArity($"command|{sub}"));
                break;
            default:
                c.Error(Errors.UnknownSubcommand(c.ArgString(1), "command"));
                break;
        }
        return default;
    }

    private static void WriteInfo(CommandContext c, CommandSpec spec)
    {
        c.ArrayHeader(10);
        c.Bulk(spec.Name);
        c.Integer(spec.Arity);
        var flags = spec.FlagNames;
        c.Writer.WriteSetHeader(flags.Count, c.Protocol);
        foreach (var flag in flags) c.SimpleString(flag);
        c.Integer(spec.FirstKey);
        c.Integer(spec.LastKey);
        c.Integer(spec.KeyStep);
        c.Writer.WriteSetHeader(0, c.Protocol);
        c.Writer.WriteSetHeader(0, c.Protocol);
        c.ArrayHeader(0);
        c.ArrayHeader(0);
    }
}
