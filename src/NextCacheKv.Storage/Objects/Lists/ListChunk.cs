using System.Numerics;

namespace NextCacheKv.Storage.Objects.Lists;

/// <summary>Where a chunk keeps its free space when it has to move its entries.</summary>
internal enum FreeSpace
{
    /// <summary>A list's head chunk: it only grows forward.</summary>
    AtFront,

    /// <summary>A list's tail chunk: it only grows backward.</summary>
    AtBack,

    /// <summary>A lone chunk (pushed at both ends) or a middle one (edited inside): half each side.</summary>
    AtBothEnds,
}

/// <summary>
/// A run of consecutive list elements packed back to back (<see cref="ListEntry"/>) in one byte[], the
/// live entries in [<see cref="Start"/>, <see cref="End"/>) with free space at both ends, so a push at either
/// end is O(1) amortised. Redis's listpack is the model. Offsets are into the buffer and stay valid until
/// the next mutation. Buffers grow geometrically up to <see cref="TargetBytes"/>, far below the Large Object
/// Heap's 85,000 bytes; only a chunk holding one element bigger than that is sized to that element.
/// </summary>
internal sealed class ListChunk
{
    /// <summary>Redis's list-max-listpack-size -2: up to 8 KB of entries per chunk.</summary>
    public const int TargetBytes = 8 * 1024;

    private const int MinCapacity = 16;

    private byte[] buffer;
    private int start;
    private int end;

    public ListChunk(int capacity, FreeSpace freeSpace)
    {
        buffer = new byte[capacity];
        Reset(freeSpace);
    }

    private ListChunk(byte[] buffer, int start, int end, int count)
    {
        this.buffer = buffer;
        this.start = start;
        this.end = end;
        Count = count;
    }

    public int Count { get; private set; }

    /// <summary>The bytes its entries take.</summary>
    public int Bytes => end - start;

    public int Capacity => buffer.Length;

    /// <summary>Offset of the first entry.</summary>
    public int Start => start;

    /// <summary>Offset just past the last entry.</summary>
    public int End => end;

    /// <summary>A buffer for <paramref name="bytes"/> of entries: a power of two from 16 up to the target, exact beyond.</summary>
    public static int CapacityFor(int bytes) =>
        bytes > TargetBytes ? bytes : Math.Max(MinCapacity, (int)BitOperations.RoundUpToPowerOf2((uint)bytes));

    /// <summary>A buffer for <paramref name="bytes"/> with a quarter more free, within the target unless the bytes alone exceed it.</summary>
    public static int CapacityWithRoomFor(int bytes) =>
        bytes > TargetBytes ? bytes : Math.Min(TargetBytes, CapacityFor(bytes + bytes / 4));

    /// <summary>Whether an entry of <paramref name="entryBytes"/> still fits within the target size.</summary>
    public bool CanTake(int entryBytes) => Bytes + entryBytes <= TargetBytes;

    /// <summary>Empties the chunk to be reused, its free space placed for pushes at <paramref name="freeSpace"/>.</summary>
    public void Reset(FreeSpace freeSpace)
    {
        start = end = freeSpace switch
        {
            FreeSpace.AtFront => buffer.Length,
            FreeSpace.AtBack => 0,
            _ => buffer.Length / 2,
        };
        Count = 0;
    }

    /// <summary>The element whose entry starts at <paramref name="offset"/>, and where the next entry starts.</summary>
    public ReadOnlySpan<byte> ValueAt(int offset, out int next)
    {
        int length = ListEntry.ReadForward(buffer, offset, out int varint);
        next = offset + length + 2 * varint;
        return buffer.AsSpan(offset + varint, length);
    }

    /// <summary>Where the entry that ends at <paramref name="offset"/> starts.</summary>
    public int EntryBefore(int offset)
    {
        int length = ListEntry.ReadBackward(buffer, offset, out int varint);
        return offset - length - 2 * varint;
    }

    /// <summary>Offset of entry <paramref name="index"/> (0..Count), walked from the nearer end.</summary>
    public int OffsetOf(int index)
    {
        if ((uint)index > (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
        int offset;
        if (index <= Count - index)
        {
            offset = start;
            for (int i = 0; i < index; i++) ValueAt(offset, out offset);
        }
        else
        {
            offset = end;
            for (int i = Count; i > index; i--) offset = EntryBefore(offset);
        }
        return offset;
    }

    public Span<byte> PushFront(int length, FreeSpace freeSpace) => InsertAt(start, length, freeSpace);

    public Span<byte> PushBack(int length, FreeSpace freeSpace) => InsertAt(end, length, freeSpace);

    /// <summary>
    /// Adds an entry of <paramref name="length"/> bytes before the entry at <paramref name="offset"/> (or at
    /// <see cref="End"/>) and returns where its bytes go, for the caller to fill.
    /// </summary>
    public Span<byte> InsertAt(int offset, int length, FreeSpace freeSpace)
    {
        int size = ListEntry.Size(length);
        int at = OpenGap(offset, size, freeSpace);
        Count++;
        return ListEntry.Frame(buffer.AsSpan(at, size), length);
    }

    /// <summary>Removes the first entry; its bytes stay readable until the next mutation.</summary>
    public ReadOnlySpan<byte> PopFront()
    {
        var value = ValueAt(start, out start);
        Count--;
        return value;
    }

    /// <summary>Removes the last entry; its bytes stay readable until the next mutation.</summary>
    public ReadOnlySpan<byte> PopBack()
    {
        end = EntryBefore(end);
        Count--;
        return ValueAt(end, out _);
    }

    /// <summary>Removes the entry at <paramref name="offset"/>; returns its size and where the entries after it now start.</summary>
    public int RemoveAt(int offset, out int removedBytes)
    {
        ValueAt(offset, out int next);
        removedBytes = next - offset;
        Count--;
        return CloseGap(offset, next);
    }

    /// <summary>Overwrites the entry at <paramref name="offset"/> with <paramref name="value"/>; returns the size change.</summary>
    public int ReplaceAt(int offset, ReadOnlySpan<byte> value)
    {
        var old = ValueAt(offset, out _);
        if (old.Length == value.Length)
        {
            value.CopyTo(buffer.AsSpan(offset + ListEntry.VarintSize(value.Length)));
            return 0;
        }
        int after = RemoveAt(offset, out int removedBytes);
        value.CopyTo(InsertAt(after, value.Length, FreeSpace.AtBothEnds));
        return ListEntry.Size(value.Length) - removedBytes;
    }

    /// <summary>Drops the first <paramref name="entries"/> entries (LTRIM's boundary chunk).</summary>
    public void DropFront(int entries)
    {
        start = OffsetOf(entries);
        Count -= entries;
    }

    /// <summary>Drops the last <paramref name="entries"/> entries.</summary>
    public void DropBack(int entries)
    {
        end = OffsetOf(Count - entries);
        Count -= entries;
    }

    /// <summary>
    /// LREM within the chunk: removes up to <paramref name="limit"/> entries equal to <paramref name="value"/>,
    /// scanning from the tail when <paramref name="fromTail"/>, in one compacting pass. Returns how many.
    /// </summary>
    public int RemoveMatching(ReadOnlySpan<byte> value, long limit, bool fromTail)
    {
        int removed = 0;
        if (!fromTail)
        {
            int read = start, write = start;
            while (read < end && removed < limit)
            {
                int entry = read;
                bool match = ValueAt(entry, out read).SequenceEqual(value);
                if (match) removed++;
                else write = Keep(entry, read, write);
            }
            // The rest stays as it is, moved down over the removed entries.
            if (write != read) buffer.AsSpan(read, end - read).CopyTo(buffer.AsSpan(write));
            end = write + (end - read);
        }
        else
        {
            int read = end, write = end;
            while (read > start && removed < limit)
            {
                int entry = EntryBefore(read);
                bool match = ValueAt(entry, out _).SequenceEqual(value);
                if (match) removed++;
                else
                {
                    write -= read - entry;
                    if (write != entry) buffer.AsSpan(entry, read - entry).CopyTo(buffer.AsSpan(write));
                }
                read = entry;
            }
            int newStart = write - (read - start);
            if (write != read) buffer.AsSpan(start, read - start).CopyTo(buffer.AsSpan(newStart));
            start = newStart;
        }
        Count -= removed;
        return removed;
    }

    /// <summary>Moves the entries from <paramref name="offset"/> (entry <paramref name="index"/> on) into a new chunk, returned.</summary>
    public ListChunk SplitAt(int offset, int index)
    {
        int bytes = end - offset;
        // A split half is where inserts land: leave it room.
        var moved = new byte[CapacityWithRoomFor(bytes)];
        int movedStart = (moved.Length - bytes) / 2;
        buffer.AsSpan(offset, bytes).CopyTo(moved.AsSpan(movedStart));
        var right = new ListChunk(moved, movedStart, movedStart + bytes, Count - index);
        end = offset;
        Count = index;
        return right;
    }

    /// <summary>Appends every entry of <paramref name="next"/> (merging two neighbours).</summary>
    public void Append(ListChunk next)
    {
        next.buffer.AsSpan(next.start, next.Bytes).CopyTo(OpenGapSpan(end, next.Bytes, FreeSpace.AtBothEnds));
        Count += next.Count;
    }

    /// <summary>Gives back a buffer that removals left mostly empty (eight times what the entries need).</summary>
    public void TrimExcess()
    {
        int fitted = Bytes > TargetBytes ? Bytes : Math.Min(TargetBytes, CapacityFor(2 * Bytes));
        bool oversized = buffer.Length > TargetBytes ? buffer.Length > Math.Max(fitted, TargetBytes) : buffer.Length >= 4 * fitted;
        if (oversized) Relocate(end, 0, fitted, FreeSpace.AtBothEnds);
    }

    public ListChunk Clone() => new((byte[])buffer.Clone(), start, end, Count);

    private Span<byte> OpenGapSpan(int offset, int size, FreeSpace freeSpace)
    {
        // Not inlined into one expression: the buffer must be read after OpenGap may have replaced it.
        int at = OpenGap(offset, size, freeSpace);
        return buffer.AsSpan(at, size);
    }

    /// <summary>
    /// Makes <paramref name="size"/> free bytes at <paramref name="offset"/> and returns where they start:
    /// by moving the shorter side into its free space, else by moving everything (growing if needed).
    /// </summary>
    private int OpenGap(int offset, int size, FreeSpace freeSpace)
    {
        int before = offset - start, after = end - offset;
        if (before <= after && start >= size)
        {
            buffer.AsSpan(start, before).CopyTo(buffer.AsSpan(start - size));
            start -= size;
            return offset - size;
        }
        if (after <= before && buffer.Length - end >= size)
        {
            buffer.AsSpan(offset, after).CopyTo(buffer.AsSpan(offset + size));
            end += size;
            return offset;
        }
        int needed = Bytes + size;
        int capacity = buffer.Length;
        // Grow geometrically once under a fifth would stay free, so pushes amortise their moves.
        if (needed + needed / 4 > capacity)
            capacity = needed > TargetBytes ? needed : Math.Min(TargetBytes, Math.Max(2 * capacity, CapacityFor(needed)));
        return Relocate(offset, size, capacity, freeSpace);
    }

    /// <summary>Removes the bytes [from, to) by moving the shorter side; returns where the bytes after them now start.</summary>
    private int CloseGap(int from, int to)
    {
        int size = to - from;
        if (from - start <= end - to)
        {
            buffer.AsSpan(start, from - start).CopyTo(buffer.AsSpan(start + size));
            start += size;
            return to;
        }
        buffer.AsSpan(to, end - to).CopyTo(buffer.AsSpan(from));
        end -= size;
        return from;
    }

    /// <summary>
    /// Lays the entries out again in a buffer of <paramref name="capacity"/> (the same one when it is that
    /// size) with a gap of <paramref name="size"/> bytes at <paramref name="offset"/>, the rest of the free
    /// space placed as <paramref name="freeSpace"/> says. Returns where the gap starts.
    /// </summary>
    private int Relocate(int offset, int size, int capacity, FreeSpace freeSpace)
    {
        int before = offset - start, after = end - offset;
        int free = capacity - before - size - after;
        int newStart = freeSpace switch
        {
            FreeSpace.AtFront => free,
            FreeSpace.AtBack => 0,
            _ => free / 2,
        };
        var target = capacity == buffer.Length ? buffer : new byte[capacity];
        var beforePart = buffer.AsSpan(start, before);
        var afterPart = buffer.AsSpan(offset, after);
        // In place, move first the part whose destination cannot cover the other's source.
        if (newStart >= start)
        {
            afterPart.CopyTo(target.AsSpan(newStart + before + size));
            beforePart.CopyTo(target.AsSpan(newStart));
        }
        else
        {
            beforePart.CopyTo(target.AsSpan(newStart));
            afterPart.CopyTo(target.AsSpan(newStart + before + size));
        }
        buffer = target;
        start = newStart;
        end = newStart + before + size + after;
        return newStart + before;
    }

    /// <summary>Moves the kept entry [<paramref name="from"/>, <paramref name="to"/>) down to <paramref name="write"/>; returns the next write offset.</summary>
    private int Keep(int from, int to, int write)
    {
        if (write != from) buffer.AsSpan(from, to - from).CopyTo(buffer.AsSpan(write));
        return write + (to - from);
    }
}
