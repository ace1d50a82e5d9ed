using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LLEN LINDEX LSET LRANGE, as Redis 7.0's t_list.c: same argument
/// checks in the same order, same replies and keyspace events. Edits that leave a list empty remove it.
/// </summary>
internal static class ListCommands
{
    public const string IndexOutOfRange = "ERR index out of range";

    public static ValueTask LPush(CommandContext c) => Push(c, front: true, onlyIfExists: false);
    public static ValueTask RPush(CommandContext c) => Push(c, front: false, onlyIfExists: false);
    public static ValueTask LPushX(CommandContext c) => Push(c, front: true, onlyIfExists: true);
    public static ValueTask RPushX(CommandContext c) => Push(c, front: false, onlyIfExists: true);

    private static ValueTask Push(CommandContext c, bool front, bool onlyIfExists)
    {
        var key = c.Arg(1);
        using (c.LockKey(key))
        {
            ListObject? list;
            if (onlyIfExists)
            {
                if (!c.TryFind(key, ValueKind.List, out list)) return default;
                if (list is null)
                {
                    c.Integer(0);
                    return default;
                }
            }
            else if (c.TryFindOrCreate(key, ValueKind.List, out ListObject created)) list = created;
            else return default;
            for (int i = 2; i < c.Count; i++)
            {
                if (front) list.PushFront(c.Arg(i));
                else list.PushBack(c.Arg(i));
            }
            c.Integer(list.Length);
            c.Changed(key, list);
            c.Notify(NotifyClasses.List, front ? "lpush" : "rpush", key);
            c.SignalListReady(key);
        }
        c.ServeBlockedClients();
        return default;
    }

    public static ValueTask LPop(CommandContext c) => Pop(c, front: true);
    public static ValueTask RPop(CommandContext c) => Pop(c, front: false);

    private static ValueTask Pop(CommandContext c, bool front)
    {
        if (c.Count > 3)
        {
            c.Error(Errors.WrongArity(c.Command!.Name));
            return default;
        }
        bool hasCount = c.Count == 3;
        long count = 0;
        if (hasCount && !TryParsePositive(c, 2, out count)) return default;
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFind(key, ValueKind.List, out ListObject? list)) return default;
        if (list is null)
        {
            if (hasCount) c.NullArray();
            else c.NullBulk();
            return default;
        }
        if (hasCount && count == 0)
        {
            c.ArrayHeader(0);
            return default;
        }
        if (!hasCount)
        {
            c.Bulk(front ? list.PopFront() : list.PopBack());
        }
        else
        {
            int take = (int)Math.Min(count, list.Length);
            c.ArrayHeader(take);
            for (int i = 0; i < take; i++) c.Bulk(front ? list.PopFront() : list.PopBack());
        }
        c.ElementsRemoved(key, list, NotifyClasses.List, front ? "lpop" : "rpop");
        return default;
    }

    public static ValueTask LLen(CommandContext c)
    {
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFind(key, ValueKind.List, out ListObject? list)) return default;
        c.Integer(list?.Length ?? 0);
        return default;
    }

    public static ValueTask LIndex(CommandContext c)
    {
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFind(key, ValueKind.List, out ListObject? list)) return default;
        if (list is null)
        {
            c.NullBulk();
            return default;
        }
        if (!c.Request.TryGetInt64(2, out long index))
        {
            c.Error(Errors.NotInteger);
            return default;
        }
        if (TryResolveIndex(list, index, out int position)) c.Bulk(list.ElementAt(position));
        else c.NullBulk();
        return default;
    }

    public static ValueTask LSet(CommandContext c)
    {
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFind(key, ValueKind.List, out ListObject? list)) return default;
        if (list is null)
        {
            c.Error(Errors.NoSuchKey);
            return default;
        }
        if (!c.Request.TryGetInt64(2, out long index))
        {
            c.Error(Errors.NotInteger);
            return default;
        }
        if (!TryResolveIndex(list, index, out int position))
        {
            c.Error(IndexOutOfRange);
            return default;
        }
        list.Set(position, c.Arg(3));
        c.Ok();
        c.Changed(key, list);
        c.Notify(NotifyClasses.List, "lset", key);
        return default;
    }

    public static ValueTask LRange(CommandContext c)
    {
        if (!c.Request.TryGetInt64(2, out long start) || !c.Request.TryGetInt64(3, out long end))
        {
            c.Error(Errors.NotInteger);
            return default;
        }
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFind(key, ValueKind.List, out ListObject? list)) return default;
        if (list is null)
        {
            c.ArrayHeader(0);
            return default;
        }
        var (from, length) = ResolveRange(list.Length, start, end);
        c.ArrayHeader(length);
        var run = new BulkRun(c.Writer);
        foreach (var element in list.Range(from, length)) run.Add(element);
        run.Complete();
        return default;
    }

    /// <summary>Redis's range rule (negative from the end, clamped): the first index and how many, possibly 0.</summary>
    internal static (int Start, int Length) ResolveRange(int length, long start, long end)
    {
        if (start < 0) start += length;
        if (end < 0) end += length;
        if (start < 0) start = 0;
        if (start > end || start >= length) return (0, 0);
        if (end >= length) end = length - 1;
        return ((int)start, (int)(end - start + 1));
    }

    /// <summary>A Redis index (negative counts from the tail) as a position, false when outside the list.</summary>
    internal static bool TryResolveIndex(ListObject list, long index, out int position)
    {
        if (index < 0) index += list.Length;
        position = (int)Math.Clamp(index, -1, int.MaxValue);
        return index >= 0 && index < list.Length;
    }

    /// <summary>Redis's getPositiveLongFromObjectOrReply without a message: one error for both failures.</summary>
    internal static bool TryParsePositive(CommandContext c, int index, out long value)
    {
        if (c.Request.TryGetInt64(index, out value) && value >= 0) return true;
        c.Error(Errors.NotPositive);
        return false;
    }

    /// <summary>LEFT or RIGHT (any case), else a syntax error; true when LEFT.</summary>
    internal static bool TryParseSide(CommandContext c, int index, out bool left)
    {
        left = c.ArgIs(index, "LEFT"u8);
        if (left || c.ArgIs(index, "RIGHT"u8)) return true;
        c.Error(Errors.Syntax);
        return false;
    }
}
