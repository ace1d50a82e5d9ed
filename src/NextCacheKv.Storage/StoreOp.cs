namespace NextCacheKv.Storage;

/// <summary>The operation an input asks the store functions to perform; byte 0 of every input.</summary>
internal enum StoreOp : byte
{
    // Reads
    Get,
    GetRange,
    StrLen,
    Inspect,
    /// <summary>The whole record, header included, whatever its type (COPY, RENAME, MOVE).</summary>
    GetRecord,
    /// <summary>A Next.js entry, checked against its tags and the request's soft tags.</summary>
    NextGet,

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
    /// <summary>Delete a Next.js entry found dead by its tags, if it is still the same entry (same timestamp).</summary>
    ReclaimEntry,
    /// <summary>Write a collection stub (type in Arg2, object id in Arg1) where no live key is.</summary>
    CreateObject,
}
