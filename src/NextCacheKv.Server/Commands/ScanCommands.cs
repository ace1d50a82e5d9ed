using System.Text;
using NextCacheKv.Storage;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// KEYS, SCAN, RANDOMKEY. They walk the log, which may read from disk, so they run on a worker thread
/// while the connection waits; other connections keep being served.
/// </summary>
internal static class ScanCommands
{
    public static async ValueTask Keys(CommandContext c)
    {
        byte[] pattern = c.Arg(1).ToArray();
        bool all = pattern is [(byte)'*'];
        var keys = await Task.Run(() =>
        {
            var found = new List<byte[]>();
            long cursor = 0;
            do
            {
                cursor = c.Store.ScanKeys(c.Db, cursor, 100_000, (key, _) =>
                {
                    if (all || Glob.IsMatch(pattern, key)) found.Add(key.ToArray());
                    return true;
                });
            } while (cursor != 0);
            return found;
        }).ConfigureAwait(false);
        c.ArrayHeader(keys.Count);
        foreach (var key in keys) c.Bulk(key);
    }

    public static async ValueTask Scan(CommandContext c)
    {
        if (!ulong.TryParse(c.Arg(1), System.Globalization.NumberStyles.None, null, out ulong cursor) || cursor > long.MaxValue)
        {
            c.Error(Errors.InvalidCursor);
            return;
        }
        byte[]? pattern = null;
        long count = 10;
        ValueKind? type = null;
        for (int i = 2; i < c.Count; i++)
        {
            bool hasNext = i + 1 < c.Count;
            if (c.ArgIs(i, "MATCH"u8) && hasNext) pattern = c.Arg(++i).ToArray();
            else if (c.ArgIs(i, "COUNT"u8) && hasNext)
            {
                if (!c.Request.TryGetInt64(++i, out count))
                {
                    c.Error(Errors.NotInteger);
                    return;
                }
                if (count < 1)
                {
                    c.Error(Errors.Syntax);
                    return;
                }
            }
            else if (c.ArgIs(i, "TYPE"u8) && hasNext)
            {
                KeyCommands.TryParseTypeName(c.ArgString(++i), out var kind);
                type = kind;
            }
            else
            {
                c.Error(Errors.Syntax);
                return;
            }
        }
        if (pattern is [(byte)'*']) pattern = null;
        var (next, keys) = await Task.Run(() =>
        {
            var found = new List<byte[]>();
            // COUNT bounds the work of one call, as in Redis; the reply may hold fewer keys.
            long budget = Math.Min(count, 1_000_000) * 4;
            long nextCursor = c.Store.ScanKeys(c.Db, (long)cursor, budget, (key, kind) =>
            {
                if ((type is null || kind == type) && (pattern is null || Glob.IsMatch(pattern, key))) found.Add(key.ToArray());
                return found.Count < count;
            });
            return (nextCursor, found);
        }).ConfigureAwait(false);
        c.ArrayHeader(2);
        c.Bulk(Encoding.ASCII.GetBytes(next.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        c.ArrayHeader(keys.Count);
        foreach (var key in keys) c.Bulk(key);
    }

    public static async ValueTask RandomKey(CommandContext c)
    {
        long total = c.Server.Store.KeyCount(c.Db);
        if (total == 0)
        {
            c.NullBulk();
            return;
        }
        long skip = Random.Shared.NextInt64(total);
        var key = await Task.Run(() =>
        {
            byte[]? chosen = null, first = null;
            long seen = 0, cursor = 0;
            do
            {
                cursor = c.Store.ScanKeys(c.Db, cursor, 100_000, (k, _) =>
                {
                    first ??= k.ToArray();
                    if (seen++ < skip) return true;
                    chosen = k.ToArray();
                    return false;
                });
            } while (cursor != 0 && chosen is null);
            // Expired keys still counted make `skip` overshoot: fall back to the first live key.
            return chosen ?? first;
        }).ConfigureAwait(false);
        if (key is null) c.NullBulk();
        else c.Bulk(key);
    }
}
