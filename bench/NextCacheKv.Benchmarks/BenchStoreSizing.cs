using NextCacheKv.Storage;

namespace NextCacheKv.Benchmarks;

/// <summary>A store small enough to start fast, yet large enough that every benchmark key stays in memory (no Pending).</summary>
internal static class BenchStoreSizing
{
    public static void Apply(StoreOptions options, string directory)
    {
        options.Directory = directory;
        options.MemoryBytes = 64L * 1024 * 1024;
        options.PageBytes = 1024 * 1024;
        options.IndexBytes = 1024 * 1024;
        options.SegmentBytes = 64L * 1024 * 1024;
    }
}
