namespace NextCacheKv.Storage.Objects;

/// <summary>A Redis sorted set: member → score, ordered by (score, member).</summary>
public sealed class SortedSetObject : CollectionObject
{
    public SortedSetObject() => Lookup = Scores.GetAlternateLookup<ReadOnlySpan<byte>>();

    public Dictionary<byte[], double> Scores { get; } = new(ByteArrayComparer.Instance);

    public Dictionary<byte[], double>.AlternateLookup<ReadOnlySpan<byte>> Lookup { get; }

    public override ValueKind Kind => ValueKind.SortedSet;

    public override long Count => Scores.Count;

    public override void WriteTo(BinaryWriter writer)
    {
        writer.Write(Scores.Count);
        foreach (var (member, score) in Scores)
        {
            WriteBytes(writer, member);
            writer.Write(score);
        }
    }

    public static SortedSetObject Read(BinaryReader reader)
    {
        var set = new SortedSetObject();
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++) set.Scores[ReadBytes(reader)] = reader.ReadDouble();
        return set;
    }

    public override CollectionObject Clone()
    {
        var copy = new SortedSetObject();
        foreach (var (member, score) in Scores) copy.Scores[member] = score;
        return copy;
    }
}
