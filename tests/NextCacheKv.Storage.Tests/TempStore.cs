using NextCacheKv.Storage;

namespace NextCacheKv.Storage.Tests;

/// <summary>A store in a fresh temporary folder, deleted on dispose; reopenable to test recovery.</summary>
internal sealed class TempStore : IDisposable
{
    public TempStore(TimeProvider? clock = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "nextcachekv-tests", Guid.NewGuid().ToString("N"));
        Clock = clock ?? TimeProvider.System;
        Store = Open();
    }

    public string Directory { get; }
    public TimeProvider Clock { get; }
    public CacheStore Store { get; private set; }

    public StoreOptions Options() => new() { Directory = Directory, MemoryBytes = 64L << 20, PageBytes = 4L << 20, IndexBytes = 1L << 20, ChunkBytes = 64 * 1024, ChunkGracePeriod = TimeSpan.Zero, Clock = Clock };

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
