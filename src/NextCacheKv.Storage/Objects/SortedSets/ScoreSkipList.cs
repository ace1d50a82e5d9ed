using System.Runtime.CompilerServices;

namespace NextCacheKv.Storage.Objects.SortedSets;

/// <summary>
/// Members ordered by (score, member bytes), as Redis's zskiplist: a probabilistic skip list whose links
/// carry spans, so insert, delete, rank and by-index lookups are O(log n) and neighbours are one step away.
/// Not thread-safe: the owning sorted set is only touched under its key's lock.
/// </summary>
public sealed class ScoreSkipList
{
    private const int MaxLevel = 32;

    /// <summary>Chance that a node also appears on the next level up (Redis uses 1/4).</summary>
    private const double LevelProbability = 0.25;

    private readonly SkipListNode header = new([], 0, MaxLevel);
    private SkipListNode? tail;
    private int levels = 1;

    public long Count { get; private set; }

    public SkipListNode? First => header.Levels[0].Forward;

    public SkipListNode? Last => tail;

    /// <summary>Adds a member that is not in the list yet.</summary>
    public SkipListNode Insert(byte[] member, double score)
    {
        var node = new SkipListNode(member, score, RandomLevel());
        Link(node);
        return node;
    }

    /// <summary>Unlinks a node of this list.</summary>
    public void Remove(SkipListNode node)
    {
        var update = new NodeBuffer();
        var x = header;
        for (int i = levels - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && next.Precedes(node.Score, node.Member)) x = next;
            update[i] = x;
        }
        Unlink(node, update);
    }

    /// <summary>Moves a node to its place for <paramref name="score"/>, keeping the node (and its slot).</summary>
    public void UpdateScore(SkipListNode node, double score)
    {
        // Unchanged neighbours: the order holds, change in place as Redis does.
        bool afterPrevious = node.Previous is null || node.Previous.Precedes(score, node.Member);
        bool beforeNext = node.Next is null || !node.Next.PrecedesOrEquals(score, node.Member);
        if (afterPrevious && beforeNext)
        {
            node.Score = score;
            return;
        }
        Remove(node);
        node.Score = score;
        Link(node);
    }

    /// <summary>1-based rank of a node of this list.</summary>
    public long RankOf(SkipListNode node)
    {
        long rank = 0;
        var x = header;
        for (int i = levels - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && next.PrecedesOrEquals(node.Score, node.Member))
            {
                rank += x.Levels[i].Span;
                x = next;
            }
            if (ReferenceEquals(x, node)) return rank;
        }
        throw new InvalidOperationException("Node is not in this skip list.");
    }

    /// <summary>The node at 1-based <paramref name="rank"/>, or null outside 1..Count.</summary>
    public SkipListNode? ByRank(long rank)
    {
        if (rank < 1 || rank > Count) return null;
        long traversed = 0;
        var x = header;
        for (int i = levels - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && traversed + x.Levels[i].Span <= rank)
            {
                traversed += x.Levels[i].Span;
                x = next;
            }
            if (traversed == rank) return x;
        }
        return null;
    }

    /// <summary>The lowest node whose score lies in <paramref name="range"/>, or null.</summary>
    public SkipListNode? FirstInRange(in ScoreRange range)
    {
        if (!MayIntersect(range)) return null;
        var x = header;
        for (int i = levels - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && !range.IsAboveMin(next.Score)) x = next;
        }
        var first = x.Levels[0].Forward;
        return first is not null && range.IsBelowMax(first.Score) ? first : null;
    }

    /// <summary>The highest node whose score lies in <paramref name="range"/>, or null.</summary>
    public SkipListNode? LastInRange(in ScoreRange range)
    {
        if (!MayIntersect(range)) return null;
        var x = header;
        for (int i = levels - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && range.IsBelowMax(next.Score)) x = next;
        }
        return !ReferenceEquals(x, header) && range.IsAboveMin(x.Score) ? x : null;
    }

    /// <summary>The lowest node whose member lies in <paramref name="range"/>, or null.</summary>
    public SkipListNode? FirstInRange(in LexRange range)
    {
        if (!MayIntersect(range)) return null;
        var x = header;
        for (int i = levels - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && !range.IsAboveMin(next.Member)) x = next;
        }
        var first = x.Levels[0].Forward;
        return first is not null && range.IsBelowMax(first.Member) ? first : null;
    }

    /// <summary>The highest node whose member lies in <paramref name="range"/>, or null.</summary>
    public SkipListNode? LastInRange(in LexRange range)
    {
        if (!MayIntersect(range)) return null;
        var x = header;
        for (int i = levels - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && range.IsBelowMax(next.Member)) x = next;
        }
        return !ReferenceEquals(x, header) && range.IsAboveMin(x.Member) ? x : null;
    }

    private bool MayIntersect(in ScoreRange range) =>
        range.CanContainAnything && tail is not null && range.IsAboveMin(tail.Score) && range.IsBelowMax(First!.Score);

    private bool MayIntersect(in LexRange range) =>
        range.CanContainAnything && tail is not null && range.IsAboveMin(tail.Member) && range.IsBelowMax(First!.Member);

    private void Link(SkipListNode node)
    {
        var update = new NodeBuffer();
        var rank = new RankBuffer();
        var x = header;
        for (int i = levels - 1; i >= 0; i--)
        {
            rank[i] = i == levels - 1 ? 0 : rank[i + 1];
            while (x.Levels[i].Forward is { } next && next.Precedes(node.Score, node.Member))
            {
                rank[i] += x.Levels[i].Span;
                x = next;
            }
            update[i] = x;
        }
        int nodeLevels = node.Levels.Length;
        if (nodeLevels > levels)
        {
            for (int i = levels; i < nodeLevels; i++)
            {
                rank[i] = 0;
                update[i] = header;
                header.Levels[i].Span = Count;
            }
            levels = nodeLevels;
        }
        for (int i = 0; i < nodeLevels; i++)
        {
            var before = update[i]!;
            node.Levels[i].Forward = before.Levels[i].Forward;
            before.Levels[i].Forward = node;
            node.Levels[i].Span = before.Levels[i].Span - (rank[0] - rank[i]);
            before.Levels[i].Span = rank[0] - rank[i] + 1;
        }
        for (int i = nodeLevels; i < levels; i++) update[i]!.Levels[i].Span++;
        node.Previous = ReferenceEquals(update[0], header) ? null : update[0];
        if (node.Levels[0].Forward is { } after) after.Previous = node;
        else tail = node;
        Count++;
    }

    private void Unlink(SkipListNode node, in NodeBuffer update)
    {
        for (int i = 0; i < levels; i++)
        {
            var before = update[i]!;
            if (ReferenceEquals(before.Levels[i].Forward, node))
            {
                before.Levels[i].Span += node.Levels[i].Span - 1;
                before.Levels[i].Forward = node.Levels[i].Forward;
            }
            else
            {
                before.Levels[i].Span--;
            }
        }
        if (node.Levels[0].Forward is { } after) after.Previous = node.Previous;
        else tail = node.Previous;
        while (levels > 1 && header.Levels[levels - 1].Forward is null) levels--;
        Array.Clear(node.Levels);
        node.Previous = null;
        Count--;
    }

    private static int RandomLevel()
    {
        int level = 1;
        while (level < MaxLevel && Random.Shared.NextDouble() < LevelProbability) level++;
        return level;
    }

    /// <summary>The rightmost node visited on each level during a search, kept on the stack.</summary>
    [InlineArray(MaxLevel)]
    private struct NodeBuffer
    {
        private SkipListNode? element;
    }

    [InlineArray(MaxLevel)]
    private struct RankBuffer
    {
        private long element;
    }

    /// <summary>Checks every span and back link against a plain walk (tests).</summary>
    internal void Validate()
    {
        long position = 0;
        SkipListNode? previous = null;
        var positions = new Dictionary<SkipListNode, long>(ReferenceEqualityComparer.Instance);
        for (var x = First; x is not null; x = x.Next)
        {
            position++;
            positions[x] = position;
            if (!ReferenceEquals(x.Previous, previous)) throw new InvalidOperationException($"Back link broken at {position}.");
            if (previous is not null && !previous.Precedes(x.Score, x.Member)) throw new InvalidOperationException($"Order broken at {position}.");
            previous = x;
        }
        if (position != Count) throw new InvalidOperationException($"Count {Count} but {position} nodes.");
        if (!ReferenceEquals(tail, previous)) throw new InvalidOperationException("Tail is not the last node.");
        for (int i = 0; i < MaxLevel; i++)
        {
            long at = 0;
            var x = header;
            while (x.Levels[i].Forward is { } next)
            {
                if (i >= levels) throw new InvalidOperationException($"Link above the top level {levels}.");
                if (at + x.Levels[i].Span != positions[next]) throw new InvalidOperationException($"Span wrong on level {i}.");
                at = positions[next];
                x = next;
            }
        }
    }
}
