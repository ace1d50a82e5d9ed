using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>LINSERT LREM LTRIM LPOS: the list commands that search or cut, each a single pass over the list.</summary>
internal static class ListEditCommands
{
    public const string RankZero = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";
    public const string CountNegative = "ERR COUNT can't be negative";
    public const string MaxLenNegative = "ERR MAXLEN can't be negative";

    public static ValueTask LInsert(CommandContext c)
    {
        bool after = c.ArgIs(2, "AFTER"u8);
        if (!after && !c.ArgIs(2, "BEFORE"u8))
        {
            c.Error(Errors.Syntax);
            return default;
        }
        var key = c.Arg(1);
        using (c.LockKey(key))
        {
            if (!c.TryFind(key, ValueKind.List, out ListObject? list)) return default;
            if (list is null)
            {
                c.Integer(0);
                return default;
            }
            int pivot = list.IndexOf(c.Arg(3));
            if (pivot < 0)
            {
                c.Integer(-1);
                return default;
            }
            list.Insert(after ? pivot + 1 : pivot, c.Arg(4));
            c.Changed(key, list);
            c.Notify(NotifyClasses.List, "linsert", key);
            c.Integer(list.Length);
        }
        return default;
    }

    public static ValueTask LRem(CommandContext c)
    {
        if (!c.Request.TryGetInt64(2, out long count))
        {
            c.Error(Errors.NotInteger);
            return default;
        }
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFind(key, ValueKind.List, out ListObject? list)) return default;
        if (list is null)
        {
            c.Integer(0);
            return default;
        }
        // long.MinValue has no positive counterpart; it removes "all from the tail" just as well.
        long limit = count == long.MinValue ? long.MaxValue : Math.Abs(count);
        int removed = list.RemoveMatching(c.Arg(3), limit, fromTail: count < 0);
        if (removed > 0) c.ElementsRemoved(key, list, NotifyClasses.List, "lrem");
        c.Integer(removed);
        return default;
    }

    public static ValueTask LTrim(CommandContext c)
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
            c.Ok();
            return default;
        }
        var (from, length) = ListCommands.ResolveRange(list.Length, start, end);
        list.RemoveEnds(from, list.Length - from - length);
        c.ElementsRemoved(key, list, NotifyClasses.List, "ltrim");
        c.Ok();
        return default;
    }

    public static ValueTask LPos(CommandContext c)
    {
        long rank = 1, count = -1, maxLength = 0;
        for (int i = 3; i < c.Count; i++)
        {
            bool more = i + 1 < c.Count;
            if (more && c.ArgIs(i, "RANK"u8))
            {
                if (!c.Request.TryGetInt64(++i, out rank))
                {
                    c.Error(Errors.NotInteger);
                    return default;
                }
                if (rank == 0)
                {
                    c.Error(RankZero);
                    return default;
                }
            }
            else if (more && c.ArgIs(i, "COUNT"u8))
            {
                if (!c.Request.TryGetInt64(++i, out count) || count < 0)
                {
                    c.Error(CountNegative);
                    return default;
                }
            }
            else if (more && c.ArgIs(i, "MAXLEN"u8))
            {
                if (!c.Request.TryGetInt64(++i, out maxLength) || maxLength < 0)
                {
                    c.Error(MaxLenNegative);
                    return default;
                }
            }
            else
            {
                c.Error(Errors.Syntax);
                return default;
            }
        }
        bool fromTail = rank < 0;
        // In C, -LONG_MIN stays LONG_MIN: every match then qualifies, and COUNT's limit overflows so it never stops.
        bool unlimited = rank == long.MinValue;
        rank = unlimited ? 1 : Math.Abs(rank);
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFind(key, ValueKind.List, out ListObject? list)) return default;
        if (list is null)
        {
            if (count != -1) c.ArrayHeader(0);
            else c.NullBulk();
            return default;
        }
        var element = c.Arg(2);
        var found = new List<long>();
        long matches = 0;
        int length = list.Length;
        int scanned = 0;
        foreach (var item in fromTail ? list.ReverseRange(0, length) : list.Range(0, length))
        {
            if (maxLength != 0 && scanned >= maxLength) break;
            int position = fromTail ? length - 1 - scanned : scanned;
            scanned++;
            if (!item.SequenceEqual(element)) continue;
            matches++;
            if (matches < rank) continue;
            found.Add(position);
            if (count == -1 || (count != 0 && !unlimited && found.Count >= count)) break;
        }
        if (count != -1)
        {
            c.ArrayHeader(found.Count);
            foreach (long position in found) c.Integer(position);
        }
        else if (found.Count > 0) c.Integer(found[0]);
        else c.NullBulk();
        return default;
    }
}
