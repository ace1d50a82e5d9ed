namespace NextCacheKv.Storage.Objects;

/// <summary>A Redis hash: field → value, O(1) per field whatever the size.</summary>
public sealed class HashObject : CollectionObject
{
    public HashObject() => Lookup = Fields.GetAlternateLookup<ReadOnlySpan<byte>>();

    public Dictionary<byte[], byte[]> Fields { get; } = new(ByteArrayComparer.Instance);

    /// <summary>Lookups by a request argument without copying it.</summary>
    public Dictionary<byte[], byte[]>.AlternateLookup<ReadOnlySpan<byte>> Lookup { get; }

    public override ValueKind Kind => ValueKind.Hash;

    public override long Count => Fields.Count;

    public override void WriteTo(BinaryWriter writer)
    {
        writer.Write(Fields.Count);
        foreach (var (field, value) in Fields)
        {
            WriteBytes(writer, field);
            WriteBytes(writer, value);
        }
    }

    public static HashObject Read(BinaryReader reader)
    {
        var hash = new HashObject();
        int count = reader.ReadInt32();
        hash.Fields.EnsureCapacity(count);
        for (int i = 0; i < count; i++) hash.Fields[ReadBytes(reader)] = ReadBytes(reader);
        return hash;
    }

    public override CollectionObject Clone()
    {
        var copy = new HashObject();
        foreach (var (field, value) in Fields) copy.Fields[field] = value;
        return copy;
    }
}
