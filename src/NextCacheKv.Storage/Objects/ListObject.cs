using NextCacheKv.Storage.Objects.Lists;

namespace NextCacheKv.Storage.Objects;

/// <summary>
/// A Redis list, laid out as Redis's quicklist: a deque of chunks (<see cref="ListChunkRing"/>), each packing
/// up to 8 KB of elements into one byte[] (<see cref="ListChunk"/>). A list of 300,000 small elements is a
/// couple of hundred objects for the GC rather than 300,000, and no buffer reaches the Large Object Heap.
/// Pushes and pops at either end are O(1) amortised; index access walks chunks from the nearer end, then
/// entries within one chunk. Middle edits stay within one chunk, splitting or merging neighbours as needed.
/// Spans returned (pops, <see cref="ElementAt"/>, <see cref="Range"/>) are valid until the next change, and
/// a value passed in must not be such a span of this same list.
/// </summary>
public sealed class ListObject : CollectionObject
{
    /// <summary>Neighbours merge when together they take at most this: below the target, so a split and a removal do not ping-pong.</summary>
    private const int MergeBytes = ListChunk.TargetBytes * 3 / 4;

    /// <summary>A chunk's object, its buffer's header and its ring slot, for <see cref="EstimatedBytes"/>.</summary>
    private const int ChunkOverheadBytes = 40 + 24 + 8;

    /// <summary>This object and its ring's array, for <see cref="EstimatedBytes"/>.</summary>
    private const int ListOverheadBytes = 48 + 40;

    private readonly ListChunkRing chunks = new();
    private ListChunk? spare;
    private int length;
    private long entryBytes;

    public override ValueKind Kind => ValueKind.List;

    public override long Count => length;

    public int Length => length;

    internal int ChunkCount => chunks.Count;

    internal ListChunkRing Chunks => chunks;

    /// <summary>What the entries take in the chunks, headers included.</summary>
    internal long EntryBytes => entryBytes;

    internal override long EstimatedBytes => ListOverheadBytes + entryBytes + (long)chunks.Count * ChunkOverheadBytes + (spare?.Capacity ?? 0);

    public void PushFront(ReadOnlySpan<byte> value) => value.CopyTo(ReserveFront(value.Length));

    public void PushBack(ReadOnlySpan<byte> value) => value.CopyTo(ReserveBack(value.Length));

    /// <summary>Removes the first element and returns it, valid until the list next changes.</summary>
    public ReadOnlySpan<byte> PopFront()
    {
        var chunk = FirstOrThrow();
        var value = chunk.PopFront();
        Removed(1, ListEntry.Size(value.Length));
        if (chunk.Count == 0) Retire(chunks.PopFront());
        else if (chunks.Count == 1) chunk.TrimExcess();
        return value;
    }

    /// <summary>Removes the last element and returns it, valid until the list next changes.</summary>
    public ReadOnlySpan<byte> PopBack()
    {
        FirstOrThrow();
        var chunk = chunks.Last;
        var value = chunk.PopBack();
        Removed(1, ListEntry.Size(value.Length));
        if (chunk.Count == 0) Retire(chunks.PopBack());
        else if (chunks.Count == 1) chunk.TrimExcess();
        return value;
    }

    /// <summary>The element at <paramref name="index"/> (0..Length-1), valid until the list next changes.</summary>
    public ReadOnlySpan<byte> ElementAt(int index)
    {
        CheckIndex(index);
        var (at, within) = Locate(index);
        var chunk = chunks[at];
        return chunk.ValueAt(chunk.OffsetOf(within), out _);
    }

    /// <summary><paramref name="count"/> elements from <paramref name="start"/>, head to tail.</summary>
    public ListRange Range(int start, int count) => new(this, start, CheckRange(start, count), fromLast: false);

    /// <summary>The same elements as <see cref="Range"/>, tail to head.</summary>
    public ListRange ReverseRange(int start, int count) => new(this, start, CheckRange(start, count), fromLast: true);

    /// <summary>LSET: replaces the element at <paramref name="index"/>.</summary>
    public void Set(int index, ReadOnlySpan<byte> value)
    {
        CheckIndex(index);
        var (at, within) = Locate(index);
        var chunk = chunks[at];
        int offset = chunk.OffsetOf(within);
        var old = chunk.ValueAt(offset, out int next);
        int oldSize = next - offset;
        if (chunk.Count == 1 || chunk.Bytes - oldSize + ListEntry.Size(value.Length) <= ListChunk.TargetBytes)
        {
            entryBytes += chunk.ReplaceAt(offset, value);
            if (old.Length != value.Length) Tidy(at);
            return;
        }
        // Too big for its chunk now: out with the old, then in as LINSERT would put it.
        chunk.RemoveAt(offset, out _);
        Removed(1, oldSize);
        InsertInto(at, within, value);
    }

    /// <summary>Inserts at <paramref name="index"/> (0..Length).</summary>
    public void Insert(int index, ReadOnlySpan<byte> value)
    {
        if ((uint)index > (uint)length) throw new ArgumentOutOfRangeException(nameof(index));
        if (index == 0) PushFront(value);
        else if (index == length) PushBack(value);
        else
        {
            var (at, within) = Locate(index);
            InsertInto(at, within, value);
        }
    }

    /// <summary>Removes the element at <paramref name="index"/>.</summary>
    public void RemoveAt(int index)
    {
        CheckIndex(index);
        var (at, within) = Locate(index);
        var chunk = chunks[at];
        chunk.RemoveAt(chunk.OffsetOf(within), out int removedBytes);
        Removed(1, removedBytes);
        Tidy(at);
    }

    /// <summary>Index of the first element equal to <paramref name="value"/> from the head, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> value)
    {
        int index = 0;
        foreach (var item in Range(0, length))
        {
            if (item.SequenceEqual(value)) return index;
            index++;
        }
        return -1;
    }

    /// <summary>
    /// LREM: removes up to <paramref name="limit"/> elements equal to <paramref name="value"/> (0 = all),
    /// scanning from the tail when <paramref name="fromTail"/>: one compacting pass per chunk, then one pass
    /// over the chunks to drop empty ones and merge small neighbours.
    /// </summary>
    public int RemoveMatching(ReadOnlySpan<byte> value, long limit, bool fromTail)
    {
        if (limit <= 0) limit = long.MaxValue;
        int removed = 0;
        for (int i = 0; i < chunks.Count && removed < limit; i++)
        {
            var chunk = chunks[fromTail ? chunks.Count - 1 - i : i];
            int bytes = chunk.Bytes;
            int found = chunk.RemoveMatching(value, limit - removed, fromTail);
            Removed(found, bytes - chunk.Bytes);
            removed += found;
        }
        if (removed > 0) Compact();
        return removed;
    }

    /// <summary>Removes <paramref name="fromFront"/> elements at the head and <paramref name="fromBack"/> at the tail (LTRIM).</summary>
    public void RemoveEnds(int fromFront, int fromBack)
    {
        if (fromFront < 0 || fromBack < 0) throw new ArgumentOutOfRangeException(fromFront < 0 ? nameof(fromFront) : nameof(fromBack));
        spare = null;
        if ((long)fromFront + fromBack >= length)
        {
            chunks.Clear();
            length = 0;
            entryBytes = 0;
            return;
        }
        // Whole chunks go at once; only the boundary chunk is walked.
        while (fromFront > 0 && chunks.First.Count <= fromFront)
        {
            var dropped = chunks.PopFront();
            fromFront -= dropped.Count;
            Removed(dropped.Count, dropped.Bytes);
        }
        while (fromBack > 0 && chunks.Last.Count <= fromBack)
        {
            var dropped = chunks.PopBack();
            fromBack -= dropped.Count;
            Removed(dropped.Count, dropped.Bytes);
        }
        if (fromFront > 0)
        {
            DropWithin(chunks.First, fromFront, front: true);
            Tidy(0);
        }
        if (fromBack > 0)
        {
            DropWithin(chunks.Last, fromBack, front: false);
            Tidy(chunks.Count - 1);
        }
    }

    /// <summary>Keeps only [start, start+length).</summary>
    public void Trim(int start, int length) => RemoveEnds(start, this.length - start - length);

    public override void WriteTo(BinaryWriter writer)
    {
        writer.Write(length);
        foreach (var item in Range(0, length)) WriteBytes(writer, item);
    }

    public static ListObject Read(BinaryReader reader)
    {
        var list = new ListObject();
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++) ReadBytes(reader, list.ReserveBack(ReadLength(reader)));
        return list;
    }

    public override CollectionObject Clone()
    {
        var copy = new ListObject { length = length, entryBytes = entryBytes };
        for (int i = 0; i < chunks.Count; i++) copy.chunks.PushBack(chunks[i].Clone());
        return copy;
    }

    /// <summary>The chunk holding element <paramref name="index"/> and its index within it, walked from the nearer end.</summary>
    internal (int Chunk, int Within) Locate(int index)
    {
        if (index < length - index)
        {
            for (int at = 0; ; at++)
            {
                int count = chunks[at].Count;
                if (index < count) return (at, index);
                index -= count;
            }
        }
        int fromEnd = length - 1 - index;
        for (int at = chunks.Count - 1; ; at--)
        {
            int count = chunks[at].Count;
            if (fromEnd < count) return (at, count - 1 - fromEnd);
            fromEnd -= count;
        }
    }

    private Span<byte> ReserveFront(int valueLength)
    {
        int size = ListEntry.Size(valueLength);
        if (chunks.Count == 0 || !chunks.First.CanTake(size)) chunks.PushFront(NewEndChunk(size, FreeSpace.AtFront));
        Added(size);
        return chunks.First.PushFront(valueLength, chunks.Count == 1 ? FreeSpace.AtBothEnds : FreeSpace.AtFront);
    }

    private Span<byte> ReserveBack(int valueLength)
    {
        int size = ListEntry.Size(valueLength);
        if (chunks.Count == 0 || !chunks.Last.CanTake(size)) chunks.PushBack(NewEndChunk(size, FreeSpace.AtBack));
        Added(size);
        return chunks.Last.PushBack(valueLength, chunks.Count == 1 ? FreeSpace.AtBothEnds : FreeSpace.AtBack);
    }

    /// <summary>
    /// A chunk for a new head or tail. A list's first chunk starts small and grows; once a list fills a
    /// chunk it is evidently long, so the next gets the full target size at once (or the spare).
    /// </summary>
    private ListChunk NewEndChunk(int entrySize, FreeSpace freeSpace)
    {
        if (chunks.Count == 0) return new ListChunk(ListChunk.CapacityWithRoomFor(entrySize), FreeSpace.AtBothEnds);
        if (spare is { } reused && reused.Capacity >= entrySize)
        {
            spare = null;
            reused.Reset(freeSpace);
            return reused;
        }
        return new ListChunk(Math.Max(ListChunk.TargetBytes, entrySize), freeSpace);
    }

    /// <summary>
    /// Keeps an emptied end chunk as the spare for the next new one while the list still holds half a
    /// chunk or more, so pushing and popping across a chunk boundary does not allocate 8 KB each time.
    /// </summary>
    private void Retire(ListChunk emptied)
    {
        if (emptied.Capacity == ListChunk.TargetBytes) spare = emptied;
        DropSpareIfSmall();
    }

    private void DropSpareIfSmall()
    {
        if (entryBytes < ListChunk.TargetBytes / 2) spare = null;
    }

    /// <summary>Inserts before element <paramref name="within"/> (0..Count) of chunk <paramref name="at"/>.</summary>
    private void InsertInto(int at, int within, ReadOnlySpan<byte> value)
    {
        int size = ListEntry.Size(value.Length);
        Added(size);
        var chunk = chunks[at];
        if (chunk.CanTake(size))
        {
            value.CopyTo(chunk.InsertAt(chunk.OffsetOf(within), value.Length, FreeSpace.AtBothEnds));
            return;
        }
        // At a chunk's edge, a neighbour with room takes it.
        if (within == 0 && at > 0 && chunks[at - 1].CanTake(size))
        {
            value.CopyTo(chunks[at - 1].PushBack(value.Length, FreeSpace.AtBothEnds));
            return;
        }
        if (within == chunk.Count && at + 1 < chunks.Count && chunks[at + 1].CanTake(size))
        {
            value.CopyTo(chunks[at + 1].PushFront(value.Length, FreeSpace.AtBothEnds));
            return;
        }
        // A full chunk splits in halves, and the element goes into its half when that has room.
        if (chunk.Count >= 2 && size <= ListChunk.TargetBytes / 2)
        {
            int half = chunk.Count / 2;
            chunks.Insert(at + 1, chunk.SplitAt(chunk.OffsetOf(half), half));
            if (within > half)
            {
                at++;
                within -= half;
            }
            chunk = chunks[at];
            if (chunk.CanTake(size))
            {
                value.CopyTo(chunk.InsertAt(chunk.OffsetOf(within), value.Length, FreeSpace.AtBothEnds));
                return;
            }
        }
        // Otherwise the element gets a chunk of its own, splitting its chunk at its place.
        if (within > 0 && within < chunk.Count) chunks.Insert(at + 1, chunk.SplitAt(chunk.OffsetOf(within), within));
        var own = new ListChunk(ListChunk.CapacityWithRoomFor(size), FreeSpace.AtBothEnds);
        value.CopyTo(own.PushBack(value.Length, FreeSpace.AtBothEnds));
        chunks.Insert(within == 0 ? at : at + 1, own);
    }

    private void DropWithin(ListChunk chunk, int entries, bool front)
    {
        int bytes = chunk.Bytes;
        if (front) chunk.DropFront(entries);
        else chunk.DropBack(entries);
        Removed(entries, bytes - chunk.Bytes);
    }

    /// <summary>After an edit in chunk <paramref name="at"/>: drops it if empty, else merges it with a small neighbour and trims its buffer.</summary>
    private void Tidy(int at)
    {
        var chunk = chunks[at];
        if (chunk.Count == 0)
        {
            chunks.RemoveAt(at);
            return;
        }
        if (at + 1 < chunks.Count && chunk.Bytes + chunks[at + 1].Bytes <= MergeBytes)
        {
            chunk.Append(chunks[at + 1]);
            chunks.RemoveAt(at + 1);
        }
        if (at > 0 && chunks[at - 1].Bytes + chunk.Bytes <= MergeBytes)
        {
            chunks[at - 1].Append(chunk);
            chunks.RemoveAt(at);
            chunk = chunks[at - 1];
        }
        chunk.TrimExcess();
        DropSpareIfSmall();
    }

    /// <summary>After LREM: one pass that drops empty chunks and merges small neighbours.</summary>
    private void Compact()
    {
        int kept = 0;
        for (int read = 0; read < chunks.Count; read++)
        {
            var chunk = chunks[read];
            if (chunk.Count == 0) continue;
            if (kept > 0 && chunks[kept - 1].Bytes + chunk.Bytes <= MergeBytes)
            {
                chunks[kept - 1].Append(chunk);
                continue;
            }
            chunk.TrimExcess();
            chunks[kept++] = chunk;
        }
        chunks.Truncate(kept);
        DropSpareIfSmall();
    }

    private void Added(int bytes)
    {
        length++;
        entryBytes += bytes;
    }

    private void Removed(int count, int bytes)
    {
        length -= count;
        entryBytes -= bytes;
    }

    private ListChunk FirstOrThrow() => length > 0 ? chunks.First : throw new InvalidOperationException("The list is empty.");

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)length) throw new ArgumentOutOfRangeException(nameof(index));
    }

    private int CheckRange(int start, int count)
    {
        if (start < 0 || count < 0 || (long)start + count > length) throw new ArgumentOutOfRangeException(nameof(count));
        return count;
    }
}
