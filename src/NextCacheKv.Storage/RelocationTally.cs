namespace NextCacheKv.Storage;

/// <summary>What the steps of one compaction have done so far.</summary>
internal struct RelocationTally
{
    /// <summary>Live records rewritten at the tail.</summary>
    public long Moved;

    /// <summary>The log bytes of their old records: with the part of the log kept, the size the compaction left.</summary>
    public long MovedBytes;

    /// <summary>
    /// When the grace period of the latest released chunk passed over ends (store clock, 0 = none): the log
    /// holding it is cut only after that, so a reader still streaming the old value finishes.
    /// </summary>
    public long ReleasedUntilMs;
}
