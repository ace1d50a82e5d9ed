namespace NextCacheKv.Storage;

/// <summary>The Redis type of a stored value, kept in byte 1 of every value header.</summary>
public enum ValueKind : byte
{
    None = 0,
    String = 1,
    /// <summary>A Next.js cache entry (NEXTSET): value, handler metadata, tags and a creation time.</summary>
    NextEntry = 2,
    /// <summary>The collections: the record is a stub naming an in-memory object (<see cref="ObjectStub"/>).</summary>
    Hash = 3,
    List = 4,
    Set = 5,
    SortedSet = 6,
}
