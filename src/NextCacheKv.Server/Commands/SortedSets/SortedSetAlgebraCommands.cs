using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// ZUNION, ZINTER, ZDIFF (and their STORE forms) and ZINTERCARD, following Redis 7.0's
/// zunionInterDiffGenericCommand: inputs may be sorted sets or plain sets (members scoring 1), missing
/// keys are empty, WEIGHTS multiply (a NaN product counts as 0), AGGREGATE SUM|MIN|MAX combines
/// (inf + -inf sums to 0), and results are ordered by (score, member).
/// </summary>
internal static class SortedSetAlgebraCommands
{
    private enum Operation
    {
        Union,
        Inter,
        Diff,
    }

    private enum Aggregate
    {
        Sum,
        Min,
        Max,
    }

    /// <summary>One input: its members with scores, or null for a missing key.</summary>
    private sealed record Source(Dictionary<byte[], double>? Scores)
    {
        public double Weight { get; set; } = 1;

        public int Count => Scores?.Count ?? 0;
    }

    public static ValueTask ZUnion(CommandContext c) => Run(c, "zunion", Operation.Union, numKeysIndex: 1, store: false, cardinalityOnly: false);

    public static ValueTask ZInter(CommandContext c) => Run(c, "zinter", Operation.Inter, numKeysIndex: 1, store: false, cardinalityOnly: false);

    public static ValueTask ZDiff(CommandContext c) => Run(c, "zdiff", Operation.Diff, numKeysIndex: 1, store: false, cardinalityOnly: false);

    public static ValueTask ZUnionStore(CommandContext c) => Run(c, "zunionstore", Operation.Union, numKeysIndex: 2, store: true, cardinalityOnly: false);

    public static ValueTask ZInterStore(CommandContext c) => Run(c, "zinterstore", Operation.Inter, numKeysIndex: 2, store: true, cardinalityOnly: false);

    public static ValueTask ZDiffStore(CommandContext c) => Run(c, "zdiffstore", Operation.Diff, numKeysIndex: 2, store: true, cardinalityOnly: false);

    public static ValueTask ZInterCard(CommandContext c) => Run(c, "zintercard", Operation.Inter, numKeysIndex: 1, store: false, cardinalityOnly: true);

    private static ValueTask Run(CommandContext c, string name, Operation operation, int numKeysIndex, bool store, bool cardinalityOnly)
    {
        if (!c.Request.TryGetInt64(numKeysIndex, out long keyCount))
        {
            c.Error(Errors.NotInteger);
            return default;
        }
        if (keyCount < 1)
        {
            c.Error($"ERR at least 1 input key is needed for '{name}' command");
            return default;
        }
        if (keyCount > c.Count - (numKeysIndex + 1))
        {
            c.Error(Errors.Syntax);
            return default;
        }
        var keys = new List<byte[]>(c.CopyArgs(numKeysIndex + 1, numKeysIndex + 1 + (int)keyCount));
        byte[]? destination = store ? c.Arg(1).ToArray() : null;
        using var held = c.LockKeys(destination is null ? keys : [.. keys, destination]);

        // Inputs are read (and type-checked) before the options are parsed, as in Redis.
        var sources = new List<Source>();
        foreach (var key in keys)
        {
            if (!TryRead(c, key, out var source)) return default;
            sources.Add(source);
        }
        if (!TryParseOptions(c, operation, numKeysIndex + 1 + (int)keyCount, sources, store, cardinalityOnly,
                out var aggregate, out bool withScores, out long limit))
        {
            return default;
        }

        var result = operation switch
        {
            Operation.Union => Union(sources, aggregate),
            Operation.Inter => Inter(sources, aggregate, cardinalityOnly ? limit : 0),
            _ => Diff(sources),
        };
        if (cardinalityOnly) c.Integer(result.Count);
        else if (destination is not null) Store(c, name, destination, result);
        else Reply(c, result, withScores);
        return default;
    }

    private static bool TryRead(CommandContext c, byte[] key, out Source source)
    {
        source = new Source(null);
        var lookup = c.Store.FindAny(c.Db, key, out var kind, out var obj);
        if (lookup == ObjectLookup.Missing) return true;
        if (lookup == ObjectLookup.WrongType || obj is null || kind is not (ValueKind.SortedSet or ValueKind.Set))
        {
            c.Error(Errors.WrongType);
            return false;
        }
        var scores = new Dictionary<byte[], double>(ByteArrayComparer.Instance);
        if (obj is SortedSetObject sorted)
        {
            for (var node = sorted.Ordered.First; node is not null; node = node.Next) scores[node.Member] = node.Score;
        }
        else
        {
            foreach (var member in ((SetObject)obj).Members) scores[member] = 1;
        }
        source = new Source(scores);
        return true;
    }

    private static bool TryParseOptions(CommandContext c, Operation operation, int first, List<Source> sources, bool store,
        bool cardinalityOnly, out Aggregate aggregate, out bool withScores, out long limit)
    {
        aggregate = Aggregate.Sum;
        withScores = false;
        limit = 0;
        for (int j = first; j < c.Count;)
        {
            int remaining = c.Count - j;
            if (operation != Operation.Diff && !cardinalityOnly && remaining >= sources.Count + 1 && c.ArgIs(j, "WEIGHTS"u8))
            {
                j++;
                foreach (var source in sources)
                {
                    if (!c.Request.TryGetDouble(j++, out double weight))
                    {
                        c.Error(SortedSetErrors.WeightNotFloat);
                        return false;
                    }
                    source.Weight = weight;
                }
            }
            else if (operation != Operation.Diff && !cardinalityOnly && remaining >= 2 && c.ArgIs(j, "AGGREGATE"u8))
            {
                if (c.ArgIs(j + 1, "SUM"u8)) aggregate = Aggregate.Sum;
                else if (c.ArgIs(j + 1, "MIN"u8)) aggregate = Aggregate.Min;
                else if (c.ArgIs(j + 1, "MAX"u8)) aggregate = Aggregate.Max;
                else
                {
                    c.Error(Errors.Syntax);
                    return false;
                }
                j += 2;
            }
            else if (!store && !cardinalityOnly && c.ArgIs(j, "WITHSCORES"u8))
            {
                withScores = true;
                j++;
            }
            else if (cardinalityOnly && remaining >= 2 && c.ArgIs(j, "LIMIT"u8))
            {
                if (!c.Request.TryGetInt64(j + 1, out limit) || limit < 0)
                {
                    c.Error(SortedSetErrors.LimitNegative);
                    return false;
                }
                j += 2;
            }
            else
            {
                c.Error(Errors.Syntax);
                return false;
            }
        }
        return true;
    }

    private static double Weighted(Source source, double score)
    {
        double weighted = source.Weight * score;
        return double.IsNaN(weighted) ? 0 : weighted;
    }

    private static double Combine(double current, double value, Aggregate aggregate) => aggregate switch
    {
        Aggregate.Sum => double.IsNaN(current + value) ? 0 : current + value,
        Aggregate.Min => value < current ? value : current,
        _ => value > current ? value : current,
    };

    private static Dictionary<byte[], double> Union(List<Source> sources, Aggregate aggregate)
    {
        var result = new Dictionary<byte[], double>(ByteArrayComparer.Instance);
        foreach (var source in sources.OrderBy(source => source.Count))
        {
            if (source.Scores is null) continue;
            foreach (var (member, score) in source.Scores)
            {
                double value = Weighted(source, score);
                result[member] = result.TryGetValue(member, out double current) ? Combine(current, value, aggregate) : value;
            }
        }
        return result;
    }

    private static Dictionary<byte[], double> Inter(List<Source> sources, Aggregate aggregate, long limit)
    {
        var result = new Dictionary<byte[], double>(ByteArrayComparer.Instance);
        var ordered = sources.OrderBy(source => source.Count).ToList();
        if (ordered[0].Scores is not { Count: > 0 } smallest) return result;
        foreach (var (member, score) in smallest)
        {
            double value = Weighted(ordered[0], score);
            bool everywhere = true;
            for (int i = 1; i < ordered.Count && everywhere; i++)
            {
                if (ordered[i].Scores is { } other && other.TryGetValue(member, out double otherScore))
                    value = Combine(value, otherScore * ordered[i].Weight, aggregate);
                else everywhere = false;
            }
            if (!everywhere) continue;
            result[member] = value;
            if (limit > 0 && result.Count >= limit) break;
        }
        return result;
    }

    private static Dictionary<byte[], double> Diff(List<Source> sources)
    {
        var result = new Dictionary<byte[], double>(ByteArrayComparer.Instance);
        if (sources[0].Scores is not { } first) return result;
        foreach (var (member, score) in first)
        {
            bool elsewhere = false;
            for (int i = 1; i < sources.Count && !elsewhere; i++) elsewhere = sources[i].Scores?.ContainsKey(member) == true;
            if (!elsewhere) result[member] = score;
        }
        return result;
    }

    private static SortedSetObject ToSortedSet(Dictionary<byte[], double> members, bool sizedForStore)
    {
        // A stored result becomes a listpack when small enough (zsetConvertToListpackIfNeeded).
        int longest = members.Count == 0 ? 0 : members.Keys.Max(member => member.Length);
        var set = SortedSetObject.ForExpectedCount(sizedForStore && longest <= SortedSetObject.CompactMaxMemberLength ? members.Count : long.MaxValue);
        foreach (var (member, score) in members) set.Add(member, score);
        return set;
    }

    private static void Reply(CommandContext c, Dictionary<byte[], double> members, bool withScores)
    {
        var set = ToSortedSet(members, sizedForStore: false);
        var nodes = new List<NextCacheKv.Storage.Objects.SortedSets.SkipListNode>(members.Count);
        for (var node = set.Ordered.First; node is not null; node = node.Next) nodes.Add(node);
        SortedSetReplies.Members(c, nodes, withScores);
    }

    private static void Store(CommandContext c, string name, byte[] destination, Dictionary<byte[], double> members)
    {
        if (members.Count == 0)
        {
            c.Integer(0);
            if (c.Store.RemoveObjectKey(c.Db, destination))
            {
                c.Store.ObjectChanged();
                c.Notify(NotifyClasses.Generic, "del", destination);
            }
            return;
        }
        var stored = ToSortedSet(members, sizedForStore: true);
        do
        {
            c.Store.RemoveObjectKey(c.Db, destination);
        } while (!c.Store.CreateObject(c.Db, destination, stored));
        c.Store.ObjectChanged();
        c.Integer(stored.Count);
        c.Notify(NotifyClasses.SortedSet, name, destination);
    }
}
