using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// ZRANGE and its older forms (ZREVRANGE, Z[REV]RANGEBYSCORE, Z[REV]RANGEBYLEX), ZCOUNT and ZLEXCOUNT.
/// Like Redis, one routine serves them all; the old forms fix the range type and direction up front.
/// </summary>
internal static class SortedSetRangeCommands
{
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

    /// <summary>key min max [BYSCORE|BYLEX] [REV] [WITHSCORES] [LIMIT offset count], or an older form of it.</summary>
    private static ValueTask Range(CommandContext c, RangeBy by, bool? reverse)
    {
        var query = RangeQuery.TryParse(c, keyIndex: 1, by, reverse, store: false);
        if (query is null) return default;
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.SortedSet, out SortedSetObject? set)) return default;
        if (set is null)
        {
            c.ArrayHeader(0);
            return default;
        }
        SortedSetReplies.Members(c, query.Collect(set), query.WithScores);
        return default;
    }
}
