using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// HSET, HSETNX, HMSET, HGET, HMGET, HDEL, HEXISTS, HLEN, HSTRLEN, HGETALL, HKEYS, HVALS. Each one
/// touches the fields it names through the hash's index, so its cost does not grow with the hash.
/// </summary>
internal static class HashCommands
{
    public static ValueTask HSet(CommandContext c)
    {
        if (!TrySetPairs(c, "hset", out long added)) return default;
        c.Integer(added);
        return default;
    }

    /// <summary>HMSET is HSET with the deprecated +OK reply.</summary>
    public static ValueTask HMSet(CommandContext c)
    {
        if (TrySetPairs(c, "hmset", out _)) c.Ok();
        return default;
    }

    private static bool TrySetPairs(CommandContext c, string command, out long added)
    {
        added = 0;
        if (c.Count % 2 == 1)
        {
            c.Error(Errors.WrongArity(command));
            return false;
        }
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFindOrCreate(key, ValueKind.Hash, out HashObject hash)) return false;
        for (int i = 2; i < c.Count; i += 2)
            if (hash.Set(c.Arg(i), c.Arg(i + 1).ToArray())) added++;
        c.Changed(key, hash);
        c.Notify(NotifyClasses.Hash, "hset", key);
        return true;
    }

    public static ValueTask HSetNx(CommandContext c)
    {
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFindOrCreate(key, ValueKind.Hash, out HashObject hash)) return default;
        if (hash.ContainsField(c.Arg(2)))
        {
            c.Integer(0);
            return default;
        }
        hash.Set(c.Arg(2), c.Arg(3).ToArray());
        c.Changed(key, hash);
        c.Notify(NotifyClasses.Hash, "hset", key);
        c.Integer(1);
        return default;
    }

    public static ValueTask HGet(CommandContext c)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Hash, out HashObject? hash)) return default;
        if (hash is not null && hash.TryGetValue(c.Arg(2), out var value)) c.Bulk(value);
        else c.NullBulk();
        return default;
    }

    public static ValueTask HMGet(CommandContext c)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Hash, out HashObject? hash)) return default;
        c.ArrayHeader(c.Count - 2);
        for (int i = 2; i < c.Count; i++)
        {
            if (hash is not null && hash.TryGetValue(c.Arg(i), out var value)) c.Bulk(value);
            else c.NullBulk();
        }
        return default;
    }

    public static ValueTask HDel(CommandContext c)
    {
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFind(key, ValueKind.Hash, out HashObject? hash)) return default;
        long deleted = 0;
        if (hash is not null)
        {
            for (int i = 2; i < c.Count && hash.Count > 0; i++)
                if (hash.Remove(c.Arg(i))) deleted++;
            if (deleted > 0) c.ElementsRemoved(key, hash, NotifyClasses.Hash, "hdel");
        }
        c.Integer(deleted);
        return default;
    }

    public static ValueTask HExists(CommandContext c)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Hash, out HashObject? hash)) return default;
        c.Integer(hash is not null && hash.ContainsField(c.Arg(2)) ? 1 : 0);
        return default;
    }

    public static ValueTask HLen(CommandContext c)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Hash, out HashObject? hash)) return default;
        c.Integer(hash?.Count ?? 0);
        return default;
    }

    public static ValueTask HStrLen(CommandContext c)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Hash, out HashObject? hash)) return default;
        c.Integer(hash is not null && hash.TryGetValue(c.Arg(2), out var value) ? value.Length : 0);
        return default;
    }

    /// <summary>A map in RESP3 (a flat array in RESP2), in insertion order as Redis shows small hashes.</summary>
    public static ValueTask HGetAll(CommandContext c)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Hash, out HashObject? hash)) return default;
        c.MapHeader((int)(hash?.Count ?? 0));
        if (hash is null) return default;
        foreach (var entry in hash)
        {
            c.Bulk(entry.Field);
            c.Bulk(entry.Value);
        }
        return default;
    }

    public static ValueTask HKeys(CommandContext c) => FlatList(c, fields: true);

    public static ValueTask HVals(CommandContext c) => FlatList(c, fields: false);

    private static ValueTask FlatList(CommandContext c, bool fields)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Hash, out HashObject? hash)) return default;
        c.ArrayHeader((int)(hash?.Count ?? 0));
        if (hash is null) return default;
        var run = new BulkRun(c.Writer);
        foreach (var entry in hash) run.Add(fields ? entry.Field : entry.Value);
        run.Complete();
        return default;
    }

    /// <summary>The decimal text of <paramref name="value"/>, as a new value array.</summary>
    internal static byte[] FormatInteger(long value)
    {
        Span<byte> text = stackalloc byte[StringMath.MaxInt64Digits];
        int length = StringMath.FormatInt64(value, text);
        return text[..length].ToArray();
    }
}
