namespace NextCacheKv.Storage.Objects;

/// <summary>A Redis list: a ring-buffer deque, O(1) at both ends and by index.</summary>
public sealed class ListObject : CollectionObject
{
    private byte[][] items = new byte[4][];
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
        head = (head - 1 + items.Length) % items.Length;
        items[head] = item;
        count++;
    }

    public void PushBack(byte[] item)
    {
        Grow();
        items[(head + count) % items.Length] = item;
        count++;
    }

    public byte[] PopFront()
    {
        var item = items[head];
        items[head] = null!;
        head = (head + 1) % items.Length;
        count--;
        return item;
    }

    public byte[] PopBack()
    {
        int slot = Slot(count - 1);
        var item = items[slot];
        items[slot] = null!;
        count--;
        return item;
    }

    /// <summary>Inserts at <paramref name="index"/> (0..Length), shifting the shorter side.</summary>
    public void Insert(int index, byte[] item)
    {
        if (index == 0) { PushFront(item); return; }
        if (index == count) { PushBack(item); return; }
        PushBack(item);
        for (int i = count - 1; i > index; i--) this[i] = this[i - 1];
        this[index] = item;
    }

    public void RemoveAt(int index)
    {
        for (int i = index; i < count - 1; i++) this[i] = this[i + 1];
        PopBack();
    }

    /// <summary>Keeps only [start, start+length).</summary>
    public void Trim(int start, int length)
    {
        var kept = new byte[Math.Max(4, length)][];
        for (int i = 0; i < length; i++) kept[i] = this[start + i];
        items = kept;
        head = 0;
        count = length;
    }

    public IEnumerable<byte[]> Items()
    {
        for (int i = 0; i < count; i++) yield return this[i];
    }

    private int Slot(int index)
    {
        if ((uint)index >= (uint)count) throw new ArgumentOutOfRangeException(nameof(index));
        return (head + index) % items.Length;
    }

    private void Grow()
    {
        if (count < items.Length) return;
        var bigger = new byte[items.Length * 2][];
        for (int i = 0; i < count; i++) bigger[i] = items[(head + i) % items.Length];
        items = bigger;
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
