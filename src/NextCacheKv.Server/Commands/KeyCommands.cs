using NextCacheKv.Storage;

namespace NextCacheKv.Server.Commands;

/// <summary>DEL/UNLINK, EXISTS/TOUCH, TYPE.</summary>
internal static class KeyCommands
{
    public static async ValueTask Del(CommandContext c)
    {
        long removed = 0;
        for (int i = 1; i < c.Count; i++)
        {
            MultiKeyWarming.Before(c, i, 1, 1);
            var result = await c.Complete(c.Store.Delete(c.Db, c.Arg(i))).ConfigureAwait(false);
            if (!result.IsOk) continue;
            removed++;
            c.Notify(NotifyClasses.Generic, "del", c.Arg(i));
        }
        c.Integer(removed);
    }

    public static async ValueTask Exists(CommandContext c)
    {
        long found = 0;
        for (int i = 1; i < c.Count; i++)
        {
            MultiKeyWarming.Before(c, i, 1, 1);
            var result = await c.Complete(c.Store.Inspect(c.Db, c.Arg(i))).ConfigureAwait(false);
            if (result.IsOk) found++;
        }
        c.Integer(found);
    }

    public static ValueTask Type(CommandContext c)
        => c.Reply(c.Store.Inspect(c.Db, c.Arg(1)), static (c, r, _) => c.SimpleString(r.IsOk ? TypeName(r.Kind) : "none"));

    public static string TypeName(ValueKind kind) => kind switch
    {
        ValueKind.String => "string",
        ValueKind.NextEntry => "nextentry",
        ValueKind.Hash => "hash",
        ValueKind.List => "list",
        ValueKind.Set => "set",
        ValueKind.SortedSet => "zset",
        _ => "none",
    };

    public static bool TryParseTypeName(string name, out ValueKind kind)
    {
        kind = name.ToLowerInvariant() switch
        {
            "string" => ValueKind.String,
            "nextentry" => ValueKind.NextEntry,
            "hash" => ValueKind.Hash,
            "list" => ValueKind.List,
            "set" => ValueKind.Set,
            "zset" => ValueKind.SortedSet,
            _ => ValueKind.None,
        };
        return kind != ValueKind.None;
    }
}
