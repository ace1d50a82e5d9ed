namespace NextCacheKv.Storage;

/// <summary>What GETEX does to the expiry.</summary>
public enum ExpiryChange
{
    Keep = 0,
    Set = 1,
    Persist = 2,
}
