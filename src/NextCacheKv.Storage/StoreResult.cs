namespace NextCacheKv.Storage;

/// <summary>
/// Status plus the integer an operation produced (length, counter, expiry, …). <paramref name="Removed"/>:
/// the write deleted the key (an expiry already past), which decides between Redis's "expire" and "del" events.
/// </summary>
public readonly record struct StoreResult(OpStatus Status, long Integer = 0, ValueKind Kind = ValueKind.None, bool Removed = false)
{
    public bool IsPending => Status == OpStatus.Pending;
    public bool IsOk => Status == OpStatus.Ok;
}
