namespace NextCacheKv.Storage;

/// <summary>
/// Chooses, once a second, whether the log's page flushes bypass the page cache. Measured on the development VM
/// (see the README's *How the log reaches the disk*): when the log grows by chunks of values over 1 MB, copying
/// each flushed page into the page cache was most of the server's CPU, and direct writes took 2-3 MB SETs from
/// 0.2x to 0.35x Redis's rate; when it grows by ordinary records, the page cache serves the reads of keys evicted
/// from log memory, and direct writes cost 12-18 % of the SETs and GETs of a data set three times the memory.
/// So flushes go direct while more than half of what the log grew by in the last interval was chunks.
/// </summary>
internal sealed class DirectWritePolicy(LogWriteMode mode)
{
    private long lastTail = -1;
    private long lastChunkBytes;

    /// <summary>Whether flushes go direct now.</summary>
    public bool Direct { get; private set; } = mode == LogWriteMode.Direct;

    /// <summary>
    /// Takes the log's tail address and the chunk bytes written since start; returns <see cref="Direct"/>.
    /// An interval in which the log did not grow changes nothing.
    /// </summary>
    public bool Update(long tailAddress, long chunkBytesWritten)
    {
        if (mode != LogWriteMode.Auto) return Direct;
        if (lastTail >= 0 && tailAddress > lastTail)
            Direct = (chunkBytesWritten - lastChunkBytes) * 2 > tailAddress - lastTail;
        lastTail = tailAddress;
        lastChunkBytes = chunkBytesWritten;
        return Direct;
    }
}
