namespace NextCacheKv.Storage;

/// <summary>
/// What Next.js's tag manifest keeps per tag: when entries written before it became stale and when
/// they expire, in Unix milliseconds (0 = never).
/// </summary>
public readonly record struct TagTimes(long StaleAt, long ExpiredAt)
{
    public long LastChange => Math.Max(StaleAt, ExpiredAt);
}
