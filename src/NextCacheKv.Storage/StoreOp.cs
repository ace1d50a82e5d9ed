namespace NextCacheKv.Storage;

/// <summary>The operation an input asks the store functions to perform; byte 0 of every input.</summary>
internal enum StoreOp : byte
{
    // Reads
    Get,
    GetRange,
    StrLen,
    Inspect,

    // Read-modify-writes
    Set,
    SetRecord,
    IncrBy,
    IncrByFloat,
    Append,
    SetRange,
    Delete,
    GetDel,
    GetEx,
    Expire,
    Persist,
    /// <summary>Rewrite the record unchanged at the log's tail (compaction).</summary>
    Relocate,
}
