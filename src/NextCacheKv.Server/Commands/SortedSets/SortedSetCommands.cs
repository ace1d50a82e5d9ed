using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>Sorted-set commands on single members: ZADD, ZINCRBY, ZREM, ZSCORE, ZMSCORE, ZCARD, ZRANK, ZREVRANK.</summary>
internal static class SortedSetCommands
{
    public static ValueTask ZAdd(CommandContext c) => ZAddCommand.Run(c, incrementOnly: false);

    public static ValueTask ZIncrBy(CommandContext c) => ZAddCommand.Run(c, incrementOnly: true);

    public static ValueTask ZRem(CommandContext c)
    {
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFind(key, ValueKind.SortedSet, out SortedSetObject? set)) return default;
        if (set is null)
        {
            c.Integer(0);
            return default;
        }
        long removed = 0;
        for (int i = 2; i < c.Count && set.Count > 0; i++)
        {
            if (set.Remove(c.Arg(i))) removed++;
        }
        if (removed > 0) c.ElementsRemoved(key, set, NotifyClasses.SortedSet, "zrem");
        c.Integer(removed);
        return default;
    }

    public static ValueTask ZScore(CommandContext c)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.SortedSet, out SortedSetObject? set)) return default;
        if (set is not null && set.TryGetScore(c.Arg(2), out double score)) SortedSetReplies.Score(c, score);
        else c.NullBulk();
        return default;
    }

    public static ValueTask ZMScore(CommandContext c)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.SortedSet, out SortedSetObject? set)) return default;
        c.ArrayHeader(c.Count - 2);
        for (int i = 2; i < c.Count; i++)
        {
            if (set is not null && set.TryGetScore(c.Arg(i), out double score)) SortedSetReplies.Score(c, score);
            else c.NullBulk();
        }
        return default;
    }

    public static ValueTask ZCard(CommandContext c)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.SortedSet, out SortedSetObject? set)) return default;
        c.Integer(set?.Count ?? 0);
        return default;
    }

    public static ValueTask ZRank(CommandContext c) => Rank(c, reverse: false);

    public static ValueTask ZRevRank(CommandContext c) => Rank(c, reverse: true);

    private static ValueTask Rank(CommandContext c, bool reverse)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.SortedSet, out SortedSetObject? set)) return default;
        long rank = set?.RankOf(c.Arg(2), reverse) ?? -1;
        if (rank >= 0) c.Integer(rank);
        else c.NullBulk();
        return default;
    }
}
