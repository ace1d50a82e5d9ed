namespace NextCacheKv.Storage;

/// <summary>Status plus the integer an operation produced (length, counter, expiry, …).</summary>
public readonly record struct StoreResult(OpStatus Status, long Integer = 0, ValueKind Kind = ValueKind.None)
{
    public bool IsPending => Status == OpStatus.Pending;
    public bool IsOk => Status == OpStatus.Ok;
}
