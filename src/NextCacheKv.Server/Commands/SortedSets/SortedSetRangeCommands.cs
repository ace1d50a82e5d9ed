using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;
using NextCacheKv.Storage.Objects.SortedSets;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// ZRANGE and its older forms (ZREVRANGE, Z[REV]RANGEBYSCORE, Z[REV]RANGEBYLEX), ZCOUNT and ZLEXCOUNT.
/// Like Redis, one routine serves them all; the old forms fix the range type and direction up front.
/// </summary>
internal static class SortedSetRangeCommands
{
    private enum RangeBy
    {
        Auto,
        Rank,
        Score,
        Lex,
    }

    public static ValueTask ZRange(CommandContext c) => Range(c, RangeBy.Auto, reverse: null);

    public static ValueTask ZRevRange(CommandContext c) => Range(c, RangeBy.Rank, reverse: true);

    public static ValueTask ZRangeByScore(CommandContext c) => Range(c, RangeBy.Score, reverse: false);

    public static ValueTask ZRevRangeByScore(CommandContext c) => Range(c, RangeBy.Score, reverse: true);

    public static ValueTask ZRangeByLex(CommandContext c) => Range(c, RangeBy.Lex, reverse: false);

    public static ValueTask ZRevRangeByLex(CommandContext c) => Range(c, RangeBy.Lex, reverse: true);

    public static ValueTask ZCount(CommandContext c)
    {
        if (!RangeArguments.TryParseScoreRange(c.Arg(2), c.Arg(3), out var range))
        {
            c.Error(SortedSetErrors.ScoreRange);
            return default;
        }
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.SortedSet, out SortedSetObject? set)) return default;
        c.Integer(set?.CountInRange(range) ?? 0);
        return default;
    }

    public static ValueTask ZLexCount(CommandContext c)
    {
        if (!RangeArguments.TryParseLexRange(c.Arg(2), c.Arg(3), out var range))
        {
            c.Error(SortedSetErrors.LexRange);
            return default;
        }
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.SortedSet, out SortedSetObject? set)) return default;
        c.Integer(set?.CountInRange(range) ?? 0);
        return default;
    }

    /// <summary>
    /// key min max [BYSCORE|BYLEX] [REV] [WITHSCORES] [LIMIT offset count]. <paramref name="reverse"/> null
    /// means REV may be given; <paramref name="by"/> Auto means BYSCORE/BYLEX may be given.
    /// </summary>
    private static ValueTask Range(CommandContext c, RangeBy by, bool? reverse)
    {
        bool withScores = false;
        long offset = 0, limit = -1;
        bool? direction = reverse;
        for (int i = 4; i < c.Count; i++)
        {
            int left = c.Count - i - 1;
            if (c.ArgIs(i, "WITHSCORES"u8)) withScores = true;
            else if (c.ArgIs(i, "LIMIT"u8) && left >= 2)
            {
                if (!c.Request.TryGetInt64(i + 1, out offset) || !c.Request.TryGetInt64(i + 2, out limit))
                {
                    c.Error(Errors.NotInteger);
                    return default;
                }
                i += 2;
            }
            else if (direction is null && c.ArgIs(i, "REV"u8)) direction = true;
            else if (by == RangeBy.Auto && c.ArgIs(i, "BYLEX"u8)) by = RangeBy.Lex;
            else if (by == RangeBy.Auto && c.ArgIs(i, "BYSCORE"u8)) by = RangeBy.Score;
            else
            {
                c.Error(Errors.Syntax);
                return default;
            }
        }
        if (by == RangeBy.Auto) by = RangeBy.Rank;
        bool rev = direction ?? false;
        if (limit != -1 && by == RangeBy.Rank)
        {
            c.Error(SortedSetErrors.LimitNeedsByScoreOrLex);
            return default;
        }
        if (withScores && by == RangeBy.Lex)
        {
            c.Error(SortedSetErrors.WithScoresWithByLex);
            return default;
        }
        // Reversed score and lex ranges are written max first.
        int minIndex = 2, maxIndex = 3;
        if (rev && by != RangeBy.Rank) (minIndex, maxIndex) = (3, 2);

        long start = 0, end = 0;
        ScoreRange scores = default;
        LexRange lex = default;
        switch (by)
        {
            case RangeBy.Rank:
                if (!c.Request.TryGetInt64(minIndex, out start) || !c.Request.TryGetInt64(maxIndex, out end))
                {
                    c.Error(Errors.NotInteger);
                    return default;
                }
                break;
            case RangeBy.Score:
                if (!RangeArguments.TryParseScoreRange(c.Arg(minIndex), c.Arg(maxIndex), out scores))
                {
                    c.Error(SortedSetErrors.ScoreRange);
                    return default;
                }
                break;
            default:
                if (!RangeArguments.TryParseLexRange(c.Arg(minIndex), c.Arg(maxIndex), out lex))
                {
                    c.Error(SortedSetErrors.LexRange);
                    return default;
                }
                break;
        }

        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.SortedSet, out SortedSetObject? set)) return default;
        if (set is null)
        {
            c.ArrayHeader(0);
            return default;
        }
        var nodes = new List<SkipListNode>();
        switch (by)
        {
            case RangeBy.Rank:
                CollectByRank(set, start, end, rev, nodes);
                break;
            case RangeBy.Score:
                var firstByScore = rev ? set.Ordered.LastInRange(scores) : set.Ordered.FirstInRange(scores);
                Collect(set, firstByScore, rev, offset, limit, node => rev ? scores.IsAboveMin(node.Score) : scores.IsBelowMax(node.Score), nodes);
                break;
            default:
                var firstByLex = rev ? set.Ordered.LastInRange(lex) : set.Ordered.FirstInRange(lex);
                Collect(set, firstByLex, rev, offset, limit, node => rev ? lex.IsAboveMin(node.Member) : lex.IsBelowMax(node.Member), nodes);
                break;
        }
        SortedSetReplies.Members(c, nodes, withScores);
        return default;
    }

    /// <summary>Members from index <paramref name="start"/> to <paramref name="end"/>; negative indexes count from the end.</summary>
    internal static void CollectByRank(SortedSetObject set, long start, long end, bool reverse, List<SkipListNode> nodes)
    {
        if (!TryClampRanks(set.Count, ref start, ref end)) return;
        var node = set.AtIndex(reverse ? set.Count - 1 - start : start);
        for (long i = start; i <= end && node is not null; i++)
        {
            nodes.Add(node);
            node = reverse ? node.Previous : node.Next;
        }
    }

    /// <summary>Redis's index sanitizing: false when the range is empty.</summary>
    internal static bool TryClampRanks(long length, ref long start, ref long end)
    {
        if (start < 0) start = length + start;
        if (end < 0) end = length + end;
        if (start < 0) start = 0;
        if (start > end || start >= length) return false;
        if (end >= length) end = length - 1;
        return true;
    }

    /// <summary>
    /// Walks from the first member in range, skipping <paramref name="offset"/> members, taking at most
    /// <paramref name="limit"/> (negative: all) while still in range. As in Redis, a negative offset
    /// skips to the end, so it yields nothing.
    /// </summary>
    private static void Collect(SortedSetObject set, SkipListNode? node, bool reverse, long offset, long limit,
        Func<SkipListNode, bool> inRange, List<SkipListNode> nodes)
    {
        if (offset > 0 && offset >= set.Count) return;
        if (offset < 0) return;
        for (; node is not null && offset > 0; offset--) node = reverse ? node.Previous : node.Next;
        for (; node is not null && limit != 0 && inRange(node); limit--)
        {
            nodes.Add(node);
            node = reverse ? node.Previous : node.Next;
        }
    }
}
