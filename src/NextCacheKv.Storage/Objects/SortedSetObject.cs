using NextCacheKv.Storage.Objects.SortedSets;

namespace NextCacheKv.Storage.Objects;

/// <summary>
/// A Redis sorted set: a member → node dictionary for O(1) score lookups, and a
/// <see cref="ScoreSkipList"/> ordered by (score, member) for O(log n) rank, index and range work.
/// </summary>
public sealed class SortedSetObject : CollectionObject
{
    /// <summary>Redis keeps a sorted set as a listpack up to these limits (zset-max-listpack-entries/value).</summary>
    public const int CompactMaxEntries = 128;

    public const int CompactMaxMemberLength = 64;

    private readonly Dictionary<byte[], SkipListNode> nodes = new(ByteArrayComparer.Instance);

    private readonly Dictionary<byte[], SkipListNode>.AlternateLookup<ReadOnlySpan<byte>> lookup;

    /// <summary>Scan slots: each member keeps one index for life, so a ZSCAN cursor (a slot index) never skips it.</summary>
    private readonly List<SkipListNode?> slots = [];

    private readonly Stack<int> freeSlots = new();

    public SortedSetObject() => lookup = nodes.GetAlternateLookup<ReadOnlySpan<byte>>();

    public ScoreSkipList Ordered { get; } = new();

    public override ValueKind Kind => ValueKind.SortedSet;

    public override long Count => nodes.Count;

    /// <summary>
    /// True while Redis would still hold this set as a listpack: it never grew past 128 members or held a
    /// member longer than 64 bytes. Redis converts one way only, and a listpack answers ZSCAN in one page.
    /// </summary>
    public bool IsCompact { get; private set; } = true;

    /// <summary>An empty set that will receive about <paramref name="expectedCount"/> members (Redis picks the encoding up front).</summary>
    public static SortedSetObject ForExpectedCount(long expectedCount) => new() { IsCompact = expectedCount <= CompactMaxEntries };

    /// <summary>The node of <paramref name="member"/>, looked up without copying the argument.</summary>
    public bool TryGet(ReadOnlySpan<byte> member, out SkipListNode node) => lookup.TryGetValue(member, out node!);

    public bool TryGetScore(ReadOnlySpan<byte> member, out double score)
    {
        bool found = lookup.TryGetValue(member, out var node);
        score = found ? node!.Score : 0;
        return found;
    }

    /// <summary>Adds a member known to be absent.</summary>
    public SkipListNode Add(ReadOnlySpan<byte> member, double score)
    {
        if (Count + 1 > CompactMaxEntries || member.Length > CompactMaxMemberLength) IsCompact = false;
        var node = Ordered.Insert(member.ToArray(), Stored(score));
        nodes.Add(node.Member, node);
        if (freeSlots.TryPop(out int slot))
        {
            slots[slot] = node;
        }
        else
        {
            slot = slots.Count;
            slots.Add(node);
        }
        node.Slot = slot;
        return node;
    }

    public void UpdateScore(SkipListNode node, double score) => Ordered.UpdateScore(node, Stored(score));

    /// <summary>A listpack stores integral scores as integers, which turns -0 into 0; a skiplist keeps -0.</summary>
    private double Stored(double score) => IsCompact && score == 0 ? 0.0 : score;

    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (!lookup.Remove(member, out _, out var node)) return false;
        Unlink(node);
        return true;
    }

    /// <summary>Removes a node of this set (ranges, pops).</summary>
    public void Remove(SkipListNode node)
    {
        nodes.Remove(node.Member);
        Unlink(node);
    }

    private void Unlink(SkipListNode node)
    {
        Ordered.Remove(node);
        slots[node.Slot] = null;
        freeSlots.Push(node.Slot);
    }

    /// <summary>0-based rank in ascending order, or -1 when absent.</summary>
    public long RankOf(ReadOnlySpan<byte> member, bool reverse)
    {
        if (!lookup.TryGetValue(member, out var node)) return -1;
        long rank = Ordered.RankOf(node) - 1;
        return reverse ? Count - 1 - rank : rank;
    }

    /// <summary>The node at 0-based ascending <paramref name="index"/>.</summary>
    public SkipListNode? AtIndex(long index) => Ordered.ByRank(index + 1);

    /// <summary>Members whose score lies in <paramref name="range"/>, in O(log n).</summary>
    public long CountInRange(in ScoreRange range)
    {
        var first = Ordered.FirstInRange(range);
        if (first is null) return 0;
        return Ordered.RankOf(Ordered.LastInRange(range)!) - Ordered.RankOf(first) + 1;
    }

    /// <summary>Members within the lex <paramref name="range"/>, in O(log n).</summary>
    public long CountInRange(in LexRange range)
    {
        var first = Ordered.FirstInRange(range);
        if (first is null) return 0;
        return Ordered.RankOf(Ordered.LastInRange(range)!) - Ordered.RankOf(first) + 1;
    }

    /// <summary>
    /// One ZSCAN step over the scan slots from <paramref name="cursor"/>: visits at most
    /// <paramref name="maxSlots"/> slots and stops once <paramref name="wanted"/> members were found.
    /// Returns the next cursor, 0 when the end was reached.
    /// </summary>
    public long ScanSlots(long cursor, long wanted, long maxSlots, List<SkipListNode> found)
    {
        long slot = cursor;
        for (long visited = 0; slot < slots.Count && visited < maxSlots && found.Count < wanted; slot++, visited++)
        {
            if (slots[(int)slot] is { } node) found.Add(node);
        }
        return slot >= slots.Count ? 0 : slot;
    }

    public override void WriteTo(BinaryWriter writer)
    {
        writer.Write(nodes.Count);
        for (var node = Ordered.First; node is not null; node = node.Next)
        {
            WriteBytes(writer, node.Member);
            writer.Write(node.Score);
        }
    }

    public static SortedSetObject Read(BinaryReader reader)
    {
        var set = new SortedSetObject();
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            var member = ReadBytes(reader);
            double score = reader.ReadDouble();
            if (set.TryGet(member, out var existing)) set.UpdateScore(existing, score);
            else set.Add(member, score);
        }
        return set;
    }

    public override CollectionObject Clone()
    {
        // The encoding is copied first, so a -0 kept by a large set is not normalized on the way in.
        var copy = new SortedSetObject { IsCompact = IsCompact };
        for (var node = Ordered.First; node is not null; node = node.Next) copy.Add(node.Member, node.Score);
        return copy;
    }
}
