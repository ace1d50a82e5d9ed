using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;
using NextCacheKv.Storage.Objects.SortedSets;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// ZRANDMEMBER key [count [WITHSCORES]]. A positive count returns distinct members (the whole set, in
/// descending order, when count reaches its size); a negative count may repeat members and returns exactly |count|.
/// </summary>
internal static class ZRandMemberCommand
{
    /// <summary>Redis switches from picking at random to discarding at random past this share of the set.</summary>
    private const int DiscardStrategyFactor = 3;

    public static ValueTask ZRandMember(CommandContext c)
    {
        if (c.Count == 2) return Single(c);
        if (!RandomCount.TryParse(c, "WITHSCORES"u8, out long count, out bool withScores)) return default;

        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.SortedSet, out SortedSetObject? set)) return default;
        if (set is null || count == 0)
        {
            c.ArrayHeader(0);
            return default;
        }
        var nodes = count < 0 || count == 1 ? WithRepeats(set, count < 0 ? -count : 1) : Distinct(set, count);
        SortedSetReplies.Members(c, nodes, withScores);
        return default;
    }

    private static ValueTask Single(CommandContext c)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.SortedSet, out SortedSetObject? set)) return default;
        if (set is null) c.NullBulk();
        else c.Bulk(RandomNode(set).Member);
        return default;
    }

    private static SkipListNode RandomNode(SortedSetObject set) => set.AtIndex(Random.Shared.NextInt64(set.Count))!;

    private static List<SkipListNode> WithRepeats(SortedSetObject set, long count)
    {
        var nodes = new List<SkipListNode>((int)Math.Min(count, 1 << 20));
        for (long i = 0; i < count; i++) nodes.Add(RandomNode(set));
        return nodes;
    }

    private static List<SkipListNode> Distinct(SortedSetObject set, long count)
    {
        var all = new List<SkipListNode>();
        if (count >= set.Count || count * DiscardStrategyFactor > set.Count)
        {
            // Redis's set iterator walks from the highest score down, so a whole-set answer comes in that order.
            for (var node = set.Ordered.Last; node is not null; node = node.Previous) all.Add(node);
            if (count >= set.Count) return all;
            // Partial Fisher–Yates: the first `count` slots end up a uniform sample.
            for (int i = 0; i < count; i++)
            {
                int pick = Random.Shared.Next(i, all.Count);
                (all[i], all[pick]) = (all[pick], all[i]);
            }
            all.RemoveRange((int)count, all.Count - (int)count);
            return all;
        }
        var chosen = new HashSet<SkipListNode>(ReferenceEqualityComparer.Instance);
        while (chosen.Count < count)
        {
            var node = RandomNode(set);
            if (chosen.Add(node)) all.Add(node);
        }
        return all;
    }
}
