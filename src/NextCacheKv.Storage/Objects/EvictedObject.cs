namespace NextCacheKv.Storage.Objects;

/// <summary>
/// Stands in the object table for a collection whose elements were evicted to the log: its image is a
/// record under <see cref="ImageKeyspace"/> (the chunk keyspace of the database it was evicted from,
/// which RENAME or MOVE do not change) and the object id. The first command that finds it loads it back.
/// </summary>
internal sealed class EvictedObject(ValueKind kind, uint imageKeyspace) : CollectionObject
{
    public override ValueKind Kind => kind;

    public uint ImageKeyspace => imageKeyspace;

    public override long Count => 0;

    internal override long EstimatedBytes => 0;

    public override void WriteTo(BinaryWriter writer) => throw new InvalidOperationException("An evicted collection has no elements in memory.");

    public override CollectionObject Clone() => throw new InvalidOperationException("Load an evicted collection before copying it.");
}
