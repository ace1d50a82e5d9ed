namespace NextCacheKv.Storage.Objects;

/// <summary>
/// The elements of one collection key, held in memory and named by its stub record's id. Mutated only
/// under the key's <see cref="ObjectLocks"/> stripe. Written to the object snapshot at each checkpoint.
/// </summary>
public abstract class CollectionObject
{
    public abstract ValueKind Kind { get; }

    /// <summary>Number of elements; a collection that reaches 0 is removed, as in Redis.</summary>
    public abstract long Count { get; }

    /// <summary>The keyspace and key of the stub naming this object (FLUSHDB, checkpoint locking).</summary>
    internal uint Keyspace { get; set; }

    internal byte[] Key { get; set; } = [];

    /// <summary>
    /// When a command last found this object (<see cref="Environment.TickCount64"/>): the coldest are
    /// evicted first. A coarse clock is enough for that order and costs a fraction of the store's clock.
    /// </summary>
    internal long LastAccessTicks { get; set; }

    /// <summary>Serialised size and element count at the last snapshot, the basis of <see cref="EstimatedBytes"/>.</summary>
    internal long SnapshotBytes { get; set; }

    internal long SnapshotCount { get; set; }

    /// <summary>
    /// Rough memory footprint: twice the serialised size scaled by the element count since the last
    /// snapshot (objects carry their per-element overhead), or 64 bytes per element before one.
    /// </summary>
    internal virtual long EstimatedBytes => SnapshotCount > 0 ? 2 * SnapshotBytes * Math.Max(1, Count) / SnapshotCount : 64 * Math.Max(1, Count);

    public abstract void WriteTo(BinaryWriter writer);

    /// <summary>A deep copy (COPY).</summary>
    public abstract CollectionObject Clone();

    public static CollectionObject ReadFrom(ValueKind kind, BinaryReader reader) => kind switch
    {
        ValueKind.Hash => HashObject.Read(reader),
        ValueKind.Set => SetObject.Read(reader),
        ValueKind.List => ListObject.Read(reader),
        ValueKind.SortedSet => SortedSetObject.Read(reader),
        _ => throw new InvalidDataException($"Not a collection type: {kind}"),
    };

    protected static void WriteBytes(BinaryWriter writer, ReadOnlySpan<byte> bytes)
    {
        writer.Write7BitEncodedInt(bytes.Length);
        writer.Write(bytes);
    }

    protected static byte[] ReadBytes(BinaryReader reader)
    {
        int length = ReadLength(reader);
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length) throw new EndOfStreamException();
        return bytes;
    }

    /// <summary>The length prefix <see cref="WriteBytes"/> wrote, checked so a damaged snapshot cannot ask for a negative size.</summary>
    protected static int ReadLength(BinaryReader reader)
    {
        int length = reader.Read7BitEncodedInt();
        return length >= 0 ? length : throw new InvalidDataException($"Negative element length {length}.");
    }

    /// <summary>Fills <paramref name="into"/> from the snapshot, for a reader that packs elements in place.</summary>
    protected static void ReadBytes(BinaryReader reader, Span<byte> into)
    {
        while (!into.IsEmpty)
        {
            int read = reader.Read(into);
            if (read == 0) throw new EndOfStreamException();
            into = into[read..];
        }
    }
}
