using NextCacheKv.Storage.Objects;
using NextCacheKv.Storage.Objects.SortedSets;

namespace NextCacheKv.Server.Commands;

internal enum RangeBy
{
    Auto,
    Rank,
    Score,
    Lex,
}

/// <summary>
/// The parsed form of <c>src min max [BYSCORE|BYLEX] [REV] [WITHSCORES] [LIMIT offset count]</c>, shared by
/// ZRANGE, its older forms and ZRANGESTORE, parsed and checked in Redis 7.0's order (zrangeGenericCommand).
/// </summary>
internal sealed class RangeQuery
{
    private RangeBy by;
    private bool reverse;
    private long offset;
    private long limit = -1;
    private long start;
    private long end;
    private ScoreRange scores;
    private LexRange lex;

    public bool WithScores { get; private set; }

    /// <summary>
    /// Parses the arguments after the source key at <paramref name="keyIndex"/>. <paramref name="reverse"/>
    /// null means REV may be given; <paramref name="by"/> Auto means BYSCORE/BYLEX may be given; a store
    /// command does not take WITHSCORES. Null (error replied) when the arguments are wrong.
    /// </summary>
    public static RangeQuery? TryParse(CommandContext c, int keyIndex, RangeBy by, bool? reverse, bool store)
    {
        var query = new RangeQuery();
        bool? direction = reverse;
        for (int i = keyIndex + 3; i < c.Count; i++)
        {
            int left = c.Count - i - 1;
            if (!store && c.ArgIs(i, "WITHSCORES"u8)) query.WithScores = true;
            else if (c.ArgIs(i, "LIMIT"u8) && left >= 2)
            {
                if (!c.Request.TryGetInt64(i + 1, out query.offset) || !c.Request.TryGetInt64(i + 2, out query.limit))
                {
                    c.Error(Errors.NotInteger);
                    return null;
                }
                i += 2;
            }
            else if (direction is null && c.ArgIs(i, "REV"u8)) direction = true;
            else if (by == RangeBy.Auto && c.ArgIs(i, "BYLEX"u8)) by = RangeBy.Lex;
            else if (by == RangeBy.Auto && c.ArgIs(i, "BYSCORE"u8)) by = RangeBy.Score;
            else
            {
                c.Error(Errors.Syntax);
                return null;
            }
        }
        query.by = by == RangeBy.Auto ? RangeBy.Rank : by;
        query.reverse = direction ?? false;
        if (query.limit != -1 && query.by == RangeBy.Rank)
        {
            c.Error(SortedSetErrors.LimitNeedsByScoreOrLex);
            return null;
        }
        if (query.WithScores && query.by == RangeBy.Lex)
        {
            c.Error(SortedSetErrors.WithScoresWithByLex);
            return null;
        }
        return query.TryParseInterval(c, keyIndex) ? query : null;
    }

    private bool TryParseInterval(CommandContext c, int keyIndex)
    {
        // Reversed score and lex ranges are written max first.
        int minIndex = keyIndex + 1, maxIndex = keyIndex + 2;
        if (reverse && by != RangeBy.Rank) (minIndex, maxIndex) = (maxIndex, minIndex);
        switch (by)
        {
            case RangeBy.Rank:
                if (c.Request.TryGetInt64(minIndex, out start) && c.Request.TryGetInt64(maxIndex, out end)) return true;
                c.Error(Errors.NotInteger);
                return false;
            case RangeBy.Score:
                if (RangeArguments.TryParseScoreRange(c.Arg(minIndex), c.Arg(maxIndex), out scores)) return true;
                c.Error(SortedSetErrors.ScoreRange);
                return false;
            default:
                if (RangeArguments.TryParseLexRange(c.Arg(minIndex), c.Arg(maxIndex), out lex)) return true;
                c.Error(SortedSetErrors.LexRange);
                return false;
        }
    }

    /// <summary>True when Redis knows the result size up front (a rank range): it then sizes a stored set by it.</summary>
    public bool IsByRank => by == RangeBy.Rank;

    /// <summary>The members selected from <paramref name="set"/>, in reply order.</summary>
    public List<SkipListNode> Collect(SortedSetObject set)
    {
        var nodes = new List<SkipListNode>();
        switch (by)
        {
            case RangeBy.Rank:
                CollectByRank(set, start, end, reverse, nodes);
                break;
            case RangeBy.Score:
                var scoreRange = scores;
                var firstByScore = reverse ? set.Ordered.LastInRange(scoreRange) : set.Ordered.FirstInRange(scoreRange);
                CollectFrom(set, firstByScore, node => reverse ? scoreRange.IsAboveMin(node.Score) : scoreRange.IsBelowMax(node.Score), nodes);
                break;
            default:
                var lexRange = lex;
                var firstByLex = reverse ? set.Ordered.LastInRange(lexRange) : set.Ordered.FirstInRange(lexRange);
                CollectFrom(set, firstByLex, node => reverse ? lexRange.IsAboveMin(node.Member) : lexRange.IsBelowMax(node.Member), nodes);
                break;
        }
        return nodes;
    }

    /// <summary>Members from index <paramref name="first"/> to <paramref name="last"/>; negative indexes count from the end.</summary>
    internal static void CollectByRank(SortedSetObject set, long first, long last, bool reverse, List<SkipListNode> nodes)
    {
        if (!TryClampRanks(set.Count, ref first, ref last)) return;
        var node = set.AtIndex(reverse ? set.Count - 1 - first : first);
        for (long i = first; i <= last && node is not null; i++)
        {
            nodes.Add(node);
            node = reverse ? node.Previous : node.Next;
        }
    }

    /// <summary>Redis's index sanitizing: false when the range is empty.</summary>
    internal static bool TryClampRanks(long length, ref long first, ref long last)
    {
        if (first < 0) first = length + first;
        if (last < 0) last = length + last;
        if (first < 0) first = 0;
        if (first > last || first >= length) return false;
        if (last >= length) last = length - 1;
        return true;
    }

    /// <summary>
    /// Walks from the first member in range, skipping LIMIT's offset, taking at most its count (negative:
    /// all) while still in range. As in Redis, a negative offset skips to the end, so it yields nothing.
    /// </summary>
    private void CollectFrom(SortedSetObject set, SkipListNode? node, Func<SkipListNode, bool> inRange, List<SkipListNode> nodes)
    {
        long skip = offset, take = limit;
        if (skip < 0 || (skip > 0 && skip >= set.Count)) return;
        for (; node is not null && skip > 0; skip--) node = reverse ? node.Previous : node.Next;
        for (; node is not null && take != 0 && inRange(node); take--)
        {
            nodes.Add(node);
            node = reverse ? node.Previous : node.Next;
        }
    }
}
