using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;
using NextCacheKv.Storage.Objects.SortedSets;

namespace NextCacheKv.Server.Commands;

/// <summary>Sorted-set commands that take members off by position or range: ZPOPMIN, ZPOPMAX, ZMPOP, ZREMRANGEBY*.</summary>
internal static class SortedSetRemoveCommands
{
    public static ValueTask ZPopMin(CommandContext c) => Pop(c, max: false);

    public static ValueTask ZPopMax(CommandContext c) => Pop(c, max: true);

    public static ValueTask ZRemRangeByRank(CommandContext c)
    {
        if (!c.Request.TryGetInt64(2, out long start) || !c.Request.TryGetInt64(3, out long end))
        {
            c.Error(Errors.NotInteger);
            return default;
        }
        return RemoveRange(c, "zremrangebyrank", (set, nodes) =>
            RangeQuery.CollectByRank(set, start, end, reverse: false, nodes));
    }

    public static ValueTask ZRemRangeByScore(CommandContext c)
    {
        if (!RangeArguments.TryParseScoreRange(c.Arg(2), c.Arg(3), out var range))
        {
            c.Error(SortedSetErrors.ScoreRange);
            return default;
        }
        return RemoveRange(c, "zremrangebyscore", (set, nodes) =>
        {
            for (var node = set.Ordered.FirstInRange(range); node is not null && range.IsBelowMax(node.Score); node = node.Next) nodes.Add(node);
        });
    }

    public static ValueTask ZRemRangeByLex(CommandContext c)
    {
        if (!RangeArguments.TryParseLexRange(c.Arg(2), c.Arg(3), out var range))
        {
            c.Error(SortedSetErrors.LexRange);
            return default;
        }
        return RemoveRange(c, "zremrangebylex", (set, nodes) =>
        {
            for (var node = set.Ordered.FirstInRange(range); node is not null && range.IsBelowMax(node.Member); node = node.Next) nodes.Add(node);
        });
    }

    private static ValueTask RemoveRange(CommandContext c, string eventName, Action<SortedSetObject, List<SkipListNode>> select)
    {
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFind(key, ValueKind.SortedSet, out SortedSetObject? set)) return default;
        if (set is null)
        {
            c.Integer(0);
            return default;
        }
        var doomed = new List<SkipListNode>();
        select(set, doomed);
        foreach (var node in doomed) set.Remove(node);
        if (doomed.Count > 0) c.ElementsRemoved(key, set, NotifyClasses.SortedSet, eventName);
        c.Integer(doomed.Count);
        return default;
    }

    /// <summary>ZPOPMIN/ZPOPMAX key [count]: RESP3 nests [member, score] pairs only when a count was given.</summary>
    private static ValueTask Pop(CommandContext c, bool max)
    {
        if (c.Count > 3)
        {
            c.Error(Errors.Syntax);
            return default;
        }
        long count = -1;
        if (c.Count == 3)
        {
            // Redis gives the same message for a non-integer as for a negative count.
            if (!c.Request.TryGetInt64(2, out count) || count < 0)
            {
                c.Error(Errors.NotPositive);
                return default;
            }
        }
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFind(key, ValueKind.SortedSet, out SortedSetObject? set)) return default;
        if (set is null || count == 0)
        {
            c.ArrayHeader(0);
            return default;
        }
        bool nested = c.Protocol > 2 && count != -1;
        long popped = Math.Min(count == -1 ? 1 : count, set.Count);
        c.ArrayHeader((int)(nested ? popped : popped * 2));
        PopAndReply(c, key, set, popped, max, nested);
        return default;
    }

    /// <summary>
    /// ZMPOP numkeys key [key …] MIN|MAX [COUNT count]: pops from the first non-empty key, replying
    /// [key, [[member, score], …]] in both protocols, or a null array when every key is missing.
    /// </summary>
    public static ValueTask ZMPop(CommandContext c)
    {
        if (!ListMoveCommands.TryParseMultiPop(c, 1, "MAX"u8, "MIN"u8, out var keys, out bool max, out long count)) return default;
        using var held = c.LockKeys(keys);
        foreach (var key in keys)
        {
            if (!c.TryFind(key, ValueKind.SortedSet, out SortedSetObject? set)) return default;
            if (set is null) continue;
            long popped = Math.Min(count, set.Count);
            c.ArrayHeader(2);
            c.Bulk(key);
            c.ArrayHeader((int)popped);
            PopAndReply(c, key, set, popped, max, nested: true);
            return default;
        }
        c.NullArray();
        return default;
    }

    private static void PopAndReply(CommandContext c, ReadOnlySpan<byte> key, SortedSetObject set, long popped, bool max, bool nested)
    {
        for (long i = 0; i < popped; i++)
        {
            var node = max ? set.Ordered.Last! : set.Ordered.First!;
            set.Remove(node);
            if (nested) c.ArrayHeader(2);
            c.Bulk(node.Member);
            SortedSetReplies.Score(c, node.Score);
        }
        c.ElementsRemoved(key, set, NotifyClasses.SortedSet, max ? "zpopmax" : "zpopmin");
    }
}
