using System.Collections.Concurrent;

namespace NextCacheKv.Storage;

/// <summary>
/// Chunks of replaced or deleted large values, deleted after a grace period so a reader that is still
/// streaming the old value finishes first. The queue is in memory: chunks queued when the process dies
/// stay on disk until their database is flushed (documented).
/// </summary>
internal sealed class ChunkJanitor
{
    private readonly ConcurrentQueue<(long DueMs, uint ChunkKeyspace, ChunkManifest Manifest)> queue = new();

    public int Count => queue.Count;

    public void Release(uint chunkKeyspace, ChunkManifest manifest, long dueMs) => queue.Enqueue((dueMs, chunkKeyspace, manifest));

    public bool TryTakeDue(long nowMs, out uint chunkKeyspace, out ChunkManifest manifest)
    {
        chunkKeyspace = 0;
        manifest = default;
        if (!queue.TryPeek(out var head) || head.DueMs > nowMs || !queue.TryDequeue(out head)) return false;
        chunkKeyspace = head.ChunkKeyspace;
        manifest = head.Manifest;
        return true;
    }
}
