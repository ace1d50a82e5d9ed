namespace NextCacheKv.Storage;

/// <summary>What Next's tag rules say about an entry read with the reader's soft tags.</summary>
public enum TagVerdict
{
    /// <summary>No tag expired it (it may still be stale).</summary>
    Live,

    /// <summary>One of the entry's own tags expired it: gone for every reader, to be reclaimed.</summary>
    EntryExpired,

    /// <summary>Only a soft tag of this read expired it: a miss for this reader, the entry stays.</summary>
    SoftExpired,
}
