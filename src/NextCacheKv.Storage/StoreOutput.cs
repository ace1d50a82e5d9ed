namespace NextCacheKv.Storage;

/// <summary>What the FASTER callbacks hand back: a status, an integer and, for values, the sink they wrote to.</summary>
public struct StoreOutput
{
    public IValueSink? Sink;
    public OpStatus Status;
    public long Integer;
    public ValueKind Kind;
    /// <summary>True when an RMW removed an existing key (for the key count).</summary>
    internal bool Removed;
    /// <summary>Old record expired before this RMW: it counts as absent.</summary>
    internal bool OldExpired;
    /// <summary>The chunked value read, or the chunked value an RMW found: its bytes live elsewhere.</summary>
    internal ChunkManifest Manifest;
    /// <summary>The RMW replaced or removed a chunked value: its chunks are now garbage.</summary>
    internal bool ManifestReleased;
    /// <summary>A Next.js entry read dead by its tags; Integer holds its timestamp's bits for the reclaim.</summary>
    internal bool TagDead;
    /// <summary>Log address of the record a read found (FASTER's own RecordMetadata is wrong after a disk read that followed a hash chain).</summary>
    internal long RecordAddress;
    /// <summary>The object a collection stub names (reads), or the object an RMW released (0 = none).</summary>
    internal long ObjectId;
    /// <summary>The RMW removed or replaced a collection stub: its object is now garbage.</summary>
    internal bool ObjectReleased;

    public readonly StoreResult ToResult() => new(Status, Integer, Kind, Removed);
}
