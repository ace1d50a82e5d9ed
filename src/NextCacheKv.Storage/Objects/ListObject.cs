namespace NextCacheKv.Storage.Objects;

/// <summary>
/// A Redis list: a ring-buffer deque with a power-of-two capacity, O(1) at both ends and by index.
/// Middle edits shift the shorter side; bulk removals (LREM, LTRIM) are single passes, so they stay
/// linear on huge lists. The buffer shrinks when a list is mostly popped, returning the memory.
/// </summary>
public sealed class ListObject : CollectionObject
{
    private const int MinCapacity = 4;
    private byte[][] items = new byte[MinCapacity][];
    private int head;
    private int count;

    public override ValueKind Kind => ValueKind.List;

    public override long Count => count;

    public int Length => count;

    public byte[] this[int index]
    {
        get => items[Slot(index)];
        set => items[Slot(index)] = value;
    }

    public void PushFront(byte[] item)
    {
        Grow();
        head = (head - 1) & (items.Length - 1);
        items[head] = item;
        count++;
    }

    public void PushBack(byte[] item)
    {
        Grow();
        items[(head + count) & (items.Length - 1)] = item;
        count++;
    }

    public byte[] PopFront()
    {
        var item = items[head];
        items[head] = null!;
        head = (head + 1) & (items.Length - 1);
        count--;
        Shrink();
        return item;
    }

    public byte[] PopBack()
    {
        int slot = (head + count - 1) & (items.Length - 1);
        var item = items[slot];
        items[slot] = null!;
        count--;
        Shrink();
        return item;
    }

    /// <summary>Inserts at <paramref name="index"/> (0..Length), shifting the shorter side.</summary>
    public void Insert(int index, byte[] item)
    {
        if ((uint)index > (uint)count) throw new ArgumentOutOfRangeException(nameof(index));
        if (index < count - index)
        {
            PushFront(item);
            for (int i = 0; i < index; i++) this[i] = this[i + 1];
        }
        else
        {
            PushBack(item);
            for (int i = count - 1; i > index; i--) this[i] = this[i - 1];
        }
        this[index] = item;
    }

    /// <summary>Removes the element at <paramref name="index"/>, shifting the shorter side.</summary>
    public void RemoveAt(int index)
    {
        if ((uint)index >= (uint)count) throw new ArgumentOutOfRangeException(nameof(index));
        if (index < count - 1 - index)
        {
            for (int i = index; i > 0; i--) this[i] = this[i - 1];
            PopFront();
        }
        else
        {
            for (int i = index; i < count - 1; i++) this[i] = this[i + 1];
            PopBack();
        }
    }

    /// <summary>Index of the first element equal to <paramref name="value"/> from the head, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> value)
    {
        for (int i = 0; i < count; i++)
            if (items[(head + i) & (items.Length - 1)].AsSpan().SequenceEqual(value)) return i;
        return -1;
    }

    /// <summary>
    /// LREM: removes up to <paramref name="limit"/> elements equal to <paramref name="value"/> (0 = all),
    /// scanning from the tail when <paramref name="fromTail"/>, in one compacting pass.
    /// </summary>
    public int RemoveMatching(ReadOnlySpan<byte> value, long limit, bool fromTail)
    {
        int removed = 0;
        if (!fromTail)
        {
            int write = 0;
            for (int read = 0; read < count; read++)
            {
                var item = this[read];
                if ((limit == 0 || removed < limit) && item.AsSpan().SequenceEqual(value)) { removed++; continue; }
                if (write != read) this[write] = item;
                write++;
            }
            while (count > write) PopBack();
        }
        else
        {
            int write = count - 1;
            for (int read = count - 1; read >= 0; read--)
            {
                var item = this[read];
                if ((limit == 0 || removed < limit) && item.AsSpan().SequenceEqual(value)) { removed++; continue; }
                if (write != read) this[write] = item;
                write--;
            }
            for (int i = 0; i < removed; i++) PopFront();
        }
        return removed;
    }

    /// <summary>Removes <paramref name="fromFront"/> elements at the head and <paramref name="fromBack"/> at the tail (LTRIM).</summary>
    public void RemoveEnds(int fromFront, int fromBack)
    {
        if (fromFront + fromBack >= count)
        {
            items = new byte[MinCapacity][];
            head = 0;
            count = 0;
            return;
        }
        for (int i = 0; i < fromFront; i++) PopFront();
        for (int i = 0; i < fromBack; i++) PopBack();
    }

    /// <summary>Keeps only [start, start+length).</summary>
    public void Trim(int start, int length) => RemoveEnds(start, count - start - length);

    public IEnumerable<byte[]> Items()
    {
        for (int i = 0; i < count; i++) yield return this[i];
    }

    private int Slot(int index)
    {
        if ((uint)index >= (uint)count) throw new ArgumentOutOfRangeException(nameof(index));
        return (head + index) & (items.Length - 1);
    }

    private void Grow()
    {
        if (count < items.Length) return;
        Resize(items.Length * 2);
    }

    /// <summary>Halves the buffer once it is less than a quarter full, so a drained list gives its memory back.</summary>
    private void Shrink()
    {
        if (items.Length > 64 && count < items.Length / 4) Resize(items.Length / 2);
    }

    private void Resize(int capacity)
    {
        var resized = new byte[capacity][];
        for (int i = 0; i < count; i++) resized[i] = items[(head + i) & (items.Length - 1)];
        items = resized;
        head = 0;
    }

    public override void WriteTo(BinaryWriter writer)
    {
        writer.Write(count);
        for (int i = 0; i < count; i++) WriteBytes(writer, this[i]);
    }

    public static ListObject Read(BinaryReader reader)
    {
        var list = new ListObject();
        int length = reader.ReadInt32();
        for (int i = 0; i < length; i++) list.PushBack(ReadBytes(reader));
        return list;
    }

    public override CollectionObject Clone()
    {
        var copy = new ListObject();
        for (int i = 0; i < count; i++) copy.PushBack(this[i]);
        return copy;
    }
}
