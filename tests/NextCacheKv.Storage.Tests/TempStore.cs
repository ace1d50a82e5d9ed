using NextCacheKv.Storage;

namespace NextCacheKv.Storage.Tests;

/// <summary>A store in a fresh temporary folder, deleted on dispose; reopenable to test recovery.</summary>
internal sealed class TempStore : IDisposable
{
    private readonly long memoryBytes;
    private readonly long pageBytes;
    private readonly long indexBytes;
    private readonly long collectionBytes;
    private readonly TimeSpan chunkGracePeriod;
    private readonly long? checkpointWriteAllowance;

    public TempStore(TimeProvider? clock = null, long memoryBytes = 64L << 20, long pageBytes = 4L << 20, long indexBytes = 1L << 20, long collectionBytes = 256L << 20,
        TimeSpan chunkGracePeriod = default, long? checkpointWriteAllowance = null)
    {
        this.checkpointWriteAllowance = checkpointWriteAllowance;
        this.chunkGracePeriod = chunkGracePeriod;
        this.collectionBytes = collectionBytes;
        this.memoryBytes = memoryBytes;
        this.pageBytes = pageBytes;
        this.indexBytes = indexBytes;
        Directory = Path.Combine(Path.GetTempPath(), "nextcachekv-tests", Guid.NewGuid().ToString("N"));
        Clock = clock ?? TimeProvider.System;
        Store = Open();
    }

    public string Directory { get; }
    public TimeProvider Clock { get; }
    public CacheStore Store { get; private set; }

    public StoreOptions Options() => new() { Directory = Directory, MemoryBytes = memoryBytes, PageBytes = pageBytes, IndexBytes = indexBytes, ChunkBytes = 64 * 1024, ChunkGracePeriod = chunkGracePeriod, Clock = Clock, CollectionMemoryBytes = collectionBytes,
        CheckpointWriteAllowanceBytes = checkpointWriteAllowance };

    public CacheStore Open() => CacheStore.Open(Options());

    /// <summary>Closes the store without a checkpoint (like a crash after the last SAVE) and opens it again.</summary>
    public void Reopen()
    {
        Store.Dispose();
        Store = Open();
    }

    public void Dispose()
    {
        Store.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
