namespace NextCacheKv.Storage;

/// <summary>Sizing and placement of the FASTER store. Defaults suit a small machine.</summary>
public sealed class StoreOptions
{
    /// <summary>Folder for the log and checkpoints (Redis <c>dir</c>).</summary>
    public string Directory { get; set; } = "./data";

    /// <summary>
    /// In-memory budget of the log in bytes (<c>--maxmemory</c>); records beyond it live on disk. Pages are
    /// taken only as the log grows, so a generous budget costs nothing until the data needs it.
    /// </summary>
    public long MemoryBytes { get; set; } = DefaultMemoryBytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>
    /// A quarter of the memory this process may use (a container's limit when there is one), between
    /// 256 MB and 1 GB: a cache of 50 KB pages outgrows 256 MB quickly, and updates beyond the budget
    /// append and go to disk instead of overwriting in place. Never more than half of it, though: the log's
    /// pages live in the runtime's heap, which a container's limit caps at three quarters of the limit, and
    /// past that cap a new page fails (a 256 MB container's writes failed with OutOfMemoryException once the
    /// log reached 190 MB).
    /// </summary>
    public static long DefaultMemoryBytes(long availableBytes) => Math.Min(Math.Clamp(availableBytes / 4, 256L << 20, 1L << 30), availableBytes / 2);

    /// <summary>
    /// Memory budget for collections' elements (an estimate); beyond it the least recently used
    /// collections are evicted to images in the log and read back when next used.
    /// </summary>
    public long CollectionMemoryBytes { get; set; } = DefaultCollectionMemoryBytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>256 MB, or a quarter of the memory this process may use when that is less (the log takes up to half).</summary>
    public static long DefaultCollectionMemoryBytes(long availableBytes) => Math.Min(256L << 20, availableBytes / 4);

    /// <summary>
    /// Log page size in bytes, a power of two. One record must fit in one page, so this caps a single stored
    /// record, and values over a quarter of it are chunked (<see cref="ChunkBytes"/>). FASTER allocates and
    /// clears a page ahead of the tail, so an idle store holds two pages; 1 MB pages saved 4-6 MB of RSS but
    /// chunked every value over 256 KB, and a chunked SET appends to the log where a whole one updates in
    /// place: 1 MB SETs lost 88 % (bench/ab.sh). A new data folder takes this size; an existing log
    /// keeps the size it was written with (<see cref="LogLayout"/>).
    /// </summary>
    public long PageBytes { get; set; } = 4L * 1024 * 1024;

    private int? chunkBytes;

    /// <summary>
    /// Values larger than this are stored as chunks of this size. By default <see cref="ChunkBytesFor"/> the
    /// page size; set only to test chunking with small values.
    /// </summary>
    public int ChunkBytes
    {
        get => chunkBytes ?? ChunkBytesFor(PageBytes);
        set => chunkBytes = value;
    }

    /// <summary>Bytes of a chunk record besides its payload: record header 8, chunk key 24, value length and header 14, rounded up.</summary>
    public const int ChunkRecordOverhead = 64;

    /// <summary>
    /// A quarter of a page less a chunk record's own bytes: four chunk records fill a page exactly. A record
    /// never straddles two pages, so with whole-megabyte chunks in 4 MB pages only three fitted, and a quarter
    /// of every page of a large value was left empty.
    /// </summary>
    public static int ChunkBytesFor(long pageBytes) => (int)Math.Min(pageBytes / 4 - ChunkRecordOverhead, int.MaxValue);

    /// <summary>These options with another page size (an existing log's, see <see cref="LogLayout"/>).</summary>
    internal StoreOptions WithPageBytes(long pageBytes)
    {
        var copy = (StoreOptions)MemberwiseClone();
        copy.PageBytes = pageBytes;
        return copy;
    }

    /// <summary>How long replaced chunks stay readable for readers still streaming them.</summary>
    public TimeSpan ChunkGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest life of a Next.js entry (NEXTSET caps its TTL here) and so how long a tag record is kept
    /// after its last revalidation. One year and a day: longer than Next's longest cacheLife expire.
    /// </summary>
    public TimeSpan MaxEntryLifetime { get; set; } = TimeSpan.FromDays(366);

    /// <summary>
    /// Initial hash index size in bytes (64 bytes per bucket of 7 entries). The index doubles while keys
    /// outnumber <see cref="KeysPerBucket"/> per bucket, up to <see cref="MaxIndexBytes"/>; a small index
    /// keeps lookups in cache and an idle server small.
    /// </summary>
    public long IndexBytes { get; set; } = 1L * 1024 * 1024;

    /// <summary>Largest the hash index grows to.</summary>
    public long MaxIndexBytes { get; set; } = 1L * 1024 * 1024 * 1024;

    /// <summary>Average keys per 7-entry bucket above which the index doubles.</summary>
    public const int KeysPerBucket = 4;

    /// <summary>Size of one log segment file on disk.</summary>
    public long SegmentBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Whether the log's page flushes bypass the page cache (<c>O_DIRECT</c>, <see cref="DirectWrites"/>): by default
    /// while the log grows mostly by large values' chunks (<see cref="DirectWritePolicy"/>). Checkpoint files, read
    /// only at recovery, are always written direct.
    /// </summary>
    public LogWriteMode LogWrites { get; set; } = LogWriteMode.Auto;

    /// <summary>Number of logical databases (Redis <c>databases</c>).</summary>
    public int Databases { get; set; } = 16;

    /// <summary>Largest string value accepted (Redis <c>proto-max-bulk-len</c>).</summary>
    public long MaxValueBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Start even when a checkpoint exists but cannot be loaded (the store then starts empty).</summary>
    public bool StartEmptyOnRecoveryFailure { get; set; }

    /// <summary>
    /// How far the log's tail may move during a checkpoint's flush before writes wait (<see cref="CheckpointWriteGate"/>);
    /// null for the default, just under 2 GB. Tests make it small.
    /// </summary>
    internal long? CheckpointWriteAllowanceBytes { get; set; }

    /// <summary>Clock for expiry; tests inject their own.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;
}
