using System.Collections.Concurrent;

namespace NextCacheKv.Storage;

/// <summary>
/// Chunks of replaced or deleted large values, deleted after a grace period so a reader that is still
/// streaming the old value finishes first. The queue is in memory: chunks queued when the process dies are
/// found again by recovery (<see cref="OrphanChunks"/>). Compaction asks <see cref="TryGetDue"/> so it
/// does not copy chunks that are only waiting out their grace period.
/// </summary>
internal sealed class ChunkJanitor
{
    private readonly ConcurrentQueue<(long DueMs, uint ChunkKeyspace, ChunkManifest Manifest)> queue = new();
    private readonly ConcurrentDictionary<(uint ChunkKeyspace, long BlobId), long> dueByBlob = new();

    public int Count => queue.Count;

    public void Release(uint chunkKeyspace, ChunkManifest manifest, long dueMs)
    {
        dueByBlob[(chunkKeyspace, manifest.BlobId)] = dueMs;
        queue.Enqueue((dueMs, chunkKeyspace, manifest));
    }

    public bool TryTakeDue(long nowMs, out uint chunkKeyspace, out ChunkManifest manifest)
    {
        chunkKeyspace = 0;
        manifest = default;
        if (!queue.TryPeek(out var head) || head.DueMs > nowMs || !queue.TryDequeue(out head)) return false;
        chunkKeyspace = head.ChunkKeyspace;
        manifest = head.Manifest;
        return true;
    }

    /// <summary>
    /// Called once the chunks of a taken blob are deleted: until then compaction still treats them as released
    /// (their delete is under way, so copying them forward would only copy garbage).
    /// </summary>
    public void Forget(uint chunkKeyspace, long blobId) => dueByBlob.TryRemove((chunkKeyspace, blobId), out _);

    /// <summary>True, with the time its grace period ends, when the blob's chunks are released.</summary>
    public bool TryGetDue(uint chunkKeyspace, long blobId, out long dueMs) => dueByBlob.TryGetValue((chunkKeyspace, blobId), out dueMs);
}
