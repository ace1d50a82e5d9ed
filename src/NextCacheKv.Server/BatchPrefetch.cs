using System.Buffers;
using NextCacheKv.Protocol;
using NextCacheKv.Storage;

namespace NextCacheKv.Server;

/// <summary>
/// While a connection runs a pipelined batch, the store warms the CPU cache for the keys of the requests
/// after the one it just parsed (the first argument of each request, which for most commands is the key; for
/// the rest the hint is just wasted). A lone request gets nothing: there is nothing to overlap its misses
/// with, and nothing after it to scan, however long it is (an MSET); a short rest is not even scanned.
/// </summary>
internal static class BatchPrefetch
{
    /// <summary>Keys warmed at once: far enough ahead to overlap the misses, near enough to stay in cache.</summary>
    public const int Window = 32;

    /// <summary>Shorter input is one request, or a few small ones: too little to overlap.</summary>
    public const int MinBatchBytes = 256;

    /// <summary>Warms the keys of the requests in <paramref name="buffer"/> (the input after the request being run); returns how many requests that covers (0 or 1: none warmed).</summary>
    public static int Warm(StoreSession store, int db, in ReadOnlySequence<byte> buffer)
    {
        var span = buffer.FirstSpan;
        // One request at pipeline depth 1 (the common case) costs no scan: batches worth warming are longer.
        if (span.Length < MinBatchBytes) return 0;
        Span<Range> keys = stackalloc Range[Window];
        int found = PipelinedKeys.Find(span, keys);
        if (found > 1) store.Prefetch(db, span, keys[..found]);
        return found;
    }
}
