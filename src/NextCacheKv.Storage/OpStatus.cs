namespace NextCacheKv.Storage;

/// <summary>Outcome of a store operation: normal results are statuses, never exceptions.</summary>
public enum OpStatus : byte
{
    Ok,
    NotFound,
    /// <summary>A NX/XX/GT/LT condition was not met; nothing changed.</summary>
    NotPerformed,
    WrongType,
    NotInteger,
    NotFloat,
    Overflow,
    /// <summary>INCRBYFLOAT would store NaN or infinity.</summary>
    NanOrInfinity,
    /// <summary>The result would exceed the configured maximum value size.</summary>
    TooLarge,
    /// <summary>APPEND/SETRANGE met a chunked value; the session rewrites it whole.</summary>
    NeedsRewrite,
    /// <summary>Waiting on disk; call <see cref="StoreSession.CompletePendingAsync"/>.</summary>
    Pending,
}
