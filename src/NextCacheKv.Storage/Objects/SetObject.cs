namespace NextCacheKv.Storage.Objects;

/// <summary>A Redis set of byte strings, O(1) per member.</summary>
public sealed class SetObject : CollectionObject
{
    public SetObject() => Lookup = Members.GetAlternateLookup<ReadOnlySpan<byte>>();

    public HashSet<byte[]> Members { get; } = new(ByteArrayComparer.Instance);

    public HashSet<byte[]>.AlternateLookup<ReadOnlySpan<byte>> Lookup { get; }

    public override ValueKind Kind => ValueKind.Set;

    public override long Count => Members.Count;

    public override void WriteTo(BinaryWriter writer)
    {
        writer.Write(Members.Count);
        foreach (var member in Members) WriteBytes(writer, member);
    }

    public static SetObject Read(BinaryReader reader)
    {
        var set = new SetObject();
        int count = reader.ReadInt32();
        set.Members.EnsureCapacity(count);
        for (int i = 0; i < count; i++) set.Members.Add(ReadBytes(reader));
        return set;
    }

    public override CollectionObject Clone()
    {
        var copy = new SetObject();
        foreach (var member in Members) copy.Members.Add(member);
        return copy;
    }
}
