namespace NextCacheKv.Storage;

/// <summary>
/// Finds, while recovery walks the log, the chunked values no manifest names. The janitor's queue of replaced
/// values is in memory, so a crash within their grace period left their chunks for good, and so did a crash in
/// the middle of a chunked SET (chunks written, manifest not yet); compaction then copied them forward as live,
/// forever. Every manifest and every chunk record of a live database passes through <see cref="Visit"/>.
/// </summary>
internal sealed class OrphanChunks
{
    /// <summary>Per blob: one more than the highest chunk index seen.</summary>
    private readonly Dictionary<(uint ChunkKeyspace, long BlobId), int> chunkCounts = new();
    private readonly HashSet<(uint ChunkKeyspace, long BlobId)> named = new();

    /// <summary>A live record: a chunk, a value whose manifest names chunks, or anything else (ignored).</summary>
    public void Visit(ReadOnlySpan<byte> storeKey, ReadOnlySpan<byte> value)
    {
        uint keyspace = KeyCounts.KeyspaceOf(storeKey);
        if (!Keyspaces.IsUserKeyspace(keyspace) && ChunkKeys.TryRead(storeKey, out long blobId, out int index))
        {
            var blob = (keyspace, blobId);
            chunkCounts[blob] = Math.Max(chunkCounts.GetValueOrDefault(blob), index + 1);
        }
        else if (ValueHeader.IsChunked(value))
        {
            named.Add((Keyspaces.ChunkKeyspaceOf(keyspace), ChunkManifest.FromValue(value).BlobId));
        }
    }

    /// <summary>The blobs with chunks and no manifest, as manifests the janitor can delete by.</summary>
    public List<(uint ChunkKeyspace, ChunkManifest Manifest)> Unnamed()
    {
        var unnamed = new List<(uint, ChunkManifest)>();
        foreach (var ((chunkKeyspace, blobId), count) in chunkCounts)
            if (!named.Contains((chunkKeyspace, blobId))) unnamed.Add((chunkKeyspace, new ChunkManifest(blobId, 0, 0, count)));
        return unnamed;
    }
}
