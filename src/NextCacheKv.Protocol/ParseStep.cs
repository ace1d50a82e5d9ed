namespace NextCacheKv.Protocol;

/// <summary>Result of parsing one request frame; <see cref="Ignored"/> frames are consumed without producing a request.</summary>
internal enum ParseStep
{
    Incomplete,
    Complete,
    Ignored,
    Error,
}
