namespace NextCacheKv.Storage;

/// <summary>What a collection command found at its key.</summary>
public enum ObjectLookup : byte
{
    Missing,
    Found,
    /// <summary>The key holds another type (WRONGTYPE).</summary>
    WrongType,
}
