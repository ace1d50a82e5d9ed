namespace NextCacheKv.Storage;

/// <summary>Largest value accepted, and largest value kept inline in one record (larger ones are chunked).</summary>
internal readonly record struct ValueLimits(long MaxValueBytes, long MaxInlineBytes);
