using NextCacheKv.Protocol;
using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// OBJECT ENCODING|FREQ|IDLETIME|REFCOUNT|HELP. Encodings are the names Redis 7.0 would report for a
/// value of that type and history (the objects track when Redis would have converted them) (clients and tools branch on them); access times are not tracked, so
/// IDLETIME is 0, and FREQ answers as Redis does without an LFU policy.
/// </summary>
internal static class ObjectCommand
{
    private const string FreqWithoutLfu = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
    private const int EmbeddedStringBytes = 44;
    /// <summary>Redis shares the integers 0..9999 between keys; their refcount reads as INT_MAX.</summary>
    private const long SharedIntegers = 10000;

    private static readonly string[] Help =
    [
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help.",
    ];

    public static async ValueTask Object(CommandContext c)
    {
        string sub = c.ArgString(1).ToLowerInvariant();
        if (sub == "help" && c.Count == 2)
        {
            c.ArrayHeader(Help.Length);
            foreach (var line in Help) c.SimpleString(line);
            return;
        }
        if (sub is not ("encoding" or "freq" or "idletime" or "refcount"))
        {
            c.Error(Errors.UnknownSubcommand(c.ArgString(1), "object"));
            return;
        }
        if (c.Count != 3)
        {
            c.Error(Errors.WrongArity($"object|{sub}"));
            return;
        }
        var value = new CapturingSink();
        var found = await c.Complete(c.Store.Inspect(c.Db, c.Arg(2))).ConfigureAwait(false);
        if (!found.IsOk)
        {
            c.NullBulk();
            return;
        }
        byte[]? text = null;
        if (found.Kind == ValueKind.String)
        {
            var read = await c.Complete(c.Store.Get(c.Db, c.Arg(2), value)).ConfigureAwait(false);
            if (!read.IsOk)
            {
                c.NullBulk();
                return;
            }
            text = value.Captured ?? [];
        }
        switch (sub)
        {
            case "freq":
                c.Error(FreqWithoutLfu);
                break;
            case "idletime":
                c.Integer(0);
                break;
            case "refcount":
                c.Integer(text is not null && IsSharedInteger(text) ? int.MaxValue : 1);
                break;
            default:
                c.Bulk(text is not null ? StringEncoding(text) : CollectionEncoding(c, found.Kind));
                break;
        }
    }

    private static bool IsSharedInteger(byte[] text) => RespNumbers.TryParseInt64(text, out long n) && n >= 0 && n < SharedIntegers;

    private static string StringEncoding(byte[] text)
    {
        if (text.Length <= 20 && RespNumbers.TryParseInt64(text, out _)) return "int";
        return text.Length <= EmbeddedStringBytes ? "embstr" : "raw";
    }

    private static string CollectionEncoding(CommandContext c, ValueKind kind)
    {
        using var held = c.LockKey(c.Arg(2));
        if (c.Store.FindObject(c.Db, c.Arg(2), kind, out var obj) != ObjectLookup.Found || obj is null) return "none";
        return obj switch
        {
            HashObject hash => hash.IsSmall ? "listpack" : "hashtable",
            SetObject set => set.IsIntegerSet ? "intset" : "hashtable",
            ListObject => "quicklist",
            SortedSetObject sortedSet => sortedSet.IsCompact ? "listpack" : "skiplist",
            _ => "none",
        };
    }
}
