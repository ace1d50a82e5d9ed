namespace NextCacheKv.Storage;

/// <summary>
/// One database's tag records, tag → <see cref="TagTimes"/>. Built for NEXTGET, which looks up every tag of
/// the entry and of the request on each read: lookups take no lock, call no interface and run no shared
/// generic code. Changes (NEXTTAG, journal replay, pruning) are rare and serialised by a lock.
/// </summary>
/// <remarks>
/// Nodes never change once published. A change builds a new chain for its bucket and publishes it with one
/// volatile write; growth builds a new bucket array and publishes that. A reader therefore always walks a
/// complete chain: it sees a concurrent change entirely or not at all.
/// </remarks>
internal sealed class TagRecordMap
{
    private const int InitialBuckets = 16;

    private readonly Lock gate = new();
    private Node?[] buckets = new Node?[InitialBuckets];
    private int count;
    private long latest;

    public int Count => Volatile.Read(ref count);

    /// <summary>
    /// The largest time any record here was ever given (records dropped since included): an entry written at or
    /// after it is neither expired nor stale by any of these tags, without a lookup.
    /// </summary>
    public long Latest => Volatile.Read(ref latest);

    public bool TryGet(ReadOnlySpan<byte> tag, out TagTimes times)
    {
        var table = Volatile.Read(ref buckets);
        int hash = Hash(tag);
        for (var node = Volatile.Read(ref table[hash & (table.Length - 1)]); node is not null; node = node.Next)
        {
            if (node.Hash == hash && tag.SequenceEqual(node.Tag))
            {
                times = node.Times;
                return true;
            }
        }
        times = default;
        return false;
    }

    /// <summary>Sets a tag's times to <paramref name="change"/> of its current ones (default when absent), atomically; returns them.</summary>
    public TagTimes Update<TState>(ReadOnlySpan<byte> tag, TState state, Func<TagTimes, TState, TagTimes> change)
    {
        lock (gate)
        {
            TryGet(tag, out var current);
            var updated = change(current, state);
            Put(tag, updated);
            return updated;
        }
    }

    public void Set(ReadOnlySpan<byte> tag, TagTimes times)
    {
        lock (gate) Put(tag, times);
    }

    /// <summary>Removes the records <paramref name="drop"/> selects; returns how many.</summary>
    public int RemoveWhere(Func<TagTimes, bool> drop)
    {
        lock (gate)
        {
            var kept = new List<(byte[] Tag, int Hash, TagTimes Times)>();
            foreach (var node in Nodes(buckets))
                if (!drop(node.Times)) kept.Add((node.Tag, node.Hash, node.Times));
            int removed = count - kept.Count;
            if (removed == 0) return 0;
            var table = new Node?[BucketsFor(kept.Count)];
            foreach (var (tag, hash, times) in kept)
            {
                ref var head = ref table[hash & (table.Length - 1)];
                head = new Node(tag, hash, times, head);
            }
            Volatile.Write(ref buckets, table);
            Volatile.Write(ref count, kept.Count);
            return removed;
        }
    }

    /// <summary>A snapshot walk over every record (journal rewrite).</summary>
    public IEnumerable<(byte[] Tag, TagTimes Times)> Records
    {
        get
        {
            foreach (var node in Nodes(Volatile.Read(ref buckets))) yield return (node.Tag, node.Times);
        }
    }

    /// <summary>Under the lock: publishes a chain where the tag has these times.</summary>
    private void Put(ReadOnlySpan<byte> tag, TagTimes times)
    {
        // Raised before the record is published: a reader that skips its lookups on the old value ran before this change.
        if (times.LastChange > latest) Volatile.Write(ref latest, times.LastChange);
        int hash = Hash(tag);
        var table = buckets;
        ref var head = ref table[hash & (table.Length - 1)];
        bool existed = false;
        var rest = Without(head, tag, hash, ref existed);
        Volatile.Write(ref head, new Node(tag.ToArray(), hash, times, rest));
        if (existed) return;
        Volatile.Write(ref count, count + 1);
        if (count > table.Length) Grow();
    }

    /// <summary>The chain without the tag's node: the nodes before it are copied, the ones after shared.</summary>
    private static Node? Without(Node? chain, ReadOnlySpan<byte> tag, int hash, ref bool found)
    {
        if (chain is null) return null;
        if (chain.Hash == hash && tag.SequenceEqual(chain.Tag))
        {
            found = true;
            return chain.Next;
        }
        var rest = Without(chain.Next, tag, hash, ref found);
        return found ? new Node(chain.Tag, chain.Hash, chain.Times, rest) : chain;
    }

    private void Grow()
    {
        var table = new Node?[buckets.Length * 2];
        foreach (var node in Nodes(buckets))
        {
            ref var head = ref table[node.Hash & (table.Length - 1)];
            head = new Node(node.Tag, node.Hash, node.Times, head);
        }
        Volatile.Write(ref buckets, table);
    }

    private static int BucketsFor(int records)
    {
        int size = InitialBuckets;
        while (size < records) size *= 2;
        return size;
    }

    private static IEnumerable<Node> Nodes(Node?[] table)
    {
        foreach (var head in table)
            for (var node = head; node is not null; node = node.Next) yield return node;
    }

    /// <summary>Seeded per process (<see cref="HashCode"/>), so crafted tag names cannot force collisions.</summary>
    private static int Hash(ReadOnlySpan<byte> tag)
    {
        var hash = new HashCode();
        hash.AddBytes(tag);
        return hash.ToHashCode();
    }

    private sealed class Node(byte[] tag, int hash, TagTimes times, Node? next)
    {
        public readonly byte[] Tag = tag;
        public readonly int Hash = hash;
        public readonly TagTimes Times = times;
        public readonly Node? Next = next;
    }
}
