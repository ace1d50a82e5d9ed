namespace NextCacheKv.Storage.Objects.Lists;

/// <summary>
/// The chunks of a list in order: a ring buffer with a power-of-two capacity, O(1) at both ends and by
/// index. A middle insert or removal shifts the shorter side; there are few chunks (one per ~8 KB of
/// elements), so that stays cheap. The ring halves when mostly empty, so a drained list gives memory back.
/// </summary>
internal sealed class ListChunkRing
{
    private const int MinCapacity = 2;
    private const int ShrinkAbove = 16;
    private ListChunk[] items = new ListChunk[MinCapacity];
    private int head;

    public int Count { get; private set; }

    public ListChunk this[int index]
    {
        get => items[Slot(index)];
        set => items[Slot(index)] = value;
    }

    public ListChunk First => this[0];

    public ListChunk Last => this[Count - 1];

    public void PushFront(ListChunk chunk)
    {
        Grow();
        head = (head - 1) & (items.Length - 1);
        items[head] = chunk;
        Count++;
    }

    public void PushBack(ListChunk chunk)
    {
        Grow();
        items[(head + Count) & (items.Length - 1)] = chunk;
        Count++;
    }

    public ListChunk PopFront()
    {
        var chunk = items[head];
        items[head] = null!;
        head = (head + 1) & (items.Length - 1);
        Count--;
        Shrink();
        return chunk;
    }

    public ListChunk PopBack()
    {
        int slot = (head + Count - 1) & (items.Length - 1);
        var chunk = items[slot];
        items[slot] = null!;
        Count--;
        Shrink();
        return chunk;
    }

    /// <summary>Inserts at <paramref name="index"/> (0..Count), shifting the shorter side.</summary>
    public void Insert(int index, ListChunk chunk)
    {
        if ((uint)index > (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
        if (index < Count - index)
        {
            PushFront(chunk);
            for (int i = 0; i < index; i++) this[i] = this[i + 1];
        }
        else
        {
            PushBack(chunk);
            for (int i = Count - 1; i > index; i--) this[i] = this[i - 1];
        }
        this[index] = chunk;
    }

    /// <summary>Removes the chunk at <paramref name="index"/>, shifting the shorter side.</summary>
    public void RemoveAt(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
        if (index < Count - 1 - index)
        {
            for (int i = index; i > 0; i--) this[i] = this[i - 1];
            PopFront();
        }
        else
        {
            for (int i = index; i < Count - 1; i++) this[i] = this[i + 1];
            PopBack();
        }
    }

    /// <summary>Keeps the first <paramref name="count"/> chunks.</summary>
    public void Truncate(int count)
    {
        while (Count > count) PopBack();
    }

    public void Clear()
    {
        items = new ListChunk[MinCapacity];
        head = 0;
        Count = 0;
    }

    private int Slot(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
        return (head + index) & (items.Length - 1);
    }

    private void Grow()
    {
        if (Count < items.Length) return;
        Resize(items.Length * 2);
    }

    private void Shrink()
    {
        if (items.Length > ShrinkAbove && Count < items.Length / 4) Resize(items.Length / 2);
    }

    private void Resize(int capacity)
    {
        var resized = new ListChunk[capacity];
        for (int i = 0; i < Count; i++) resized[i] = items[(head + i) & (items.Length - 1)];
        items = resized;
        head = 0;
    }
}
