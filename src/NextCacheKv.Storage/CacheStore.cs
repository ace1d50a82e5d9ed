using System.Diagnostics;
using FASTER.core;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Storage;

/// <summary>
/// Owns the FASTER store: devices, recovery, checkpoints, databases and their key counts. One per process.
/// </summary>
public sealed class CacheStore : IDisposable
{
    private static readonly byte[] KeyspacesRecordKey = "keyspaces"u8.ToArray();

    private readonly StoreOptions options;
    private readonly LogFileDevice logDevice;
    private readonly CheckpointFiles checkpoints;
    private readonly KeyCounts keyCounts = new();
    private readonly Keyspaces keyspaces;
    private readonly StoreFunctions functions;
    private readonly TagTable tags = new();
    private readonly object tagLock = new();
    private TagJournal? tagJournal;
    private readonly SessionVariableLengthStructSettings<SpanByte, SpanByte> lengths;
    private readonly SemaphoreSlim maintenance = new(1, 1);
    private bool checkpointRunning;
    private readonly object keyspaceLock = new();
    private readonly Action<string> log;
    private readonly StripedCounter changesSinceSave = new();
    private readonly StoreClock clock;
    private readonly FasterKVSettings<SpanByte, SpanByte> settings;
    private long lastSaveUnixSeconds;
    private bool disposed;

    internal FasterKV<SpanByte, SpanByte> Kv { get; private set; }
    internal WriteLocks WriteLocks { get; }
    internal ChunkJanitor Janitor { get; } = new();

    /// <summary>Holds writes back during a checkpoint's flush once the log has moved too far (FASTER 2.6.5's int overflow).</summary>
    internal CheckpointWriteGate CheckpointGate { get; }
    internal RecordPrefetcher Prefetcher { get; }

    /// <summary>The collections' elements; their keys are stub records in the log.</summary>
    public ObjectTable Objects { get; } = new();

    /// <summary>Called with the database and key of every key removed because it expired (lazily or actively).</summary>
    public KeyEventListener? KeyExpired { get; set; }

    internal void RaiseExpired(ReadOnlySpan<byte> storeKey)
    {
        var listener = KeyExpired;
        if (listener is null) return;
        uint keyspace = KeyCounts.KeyspaceOf(storeKey);
        if (!Keyspaces.IsUserKeyspace(keyspace)) return;
        int db = keyspaces.DatabaseOf(keyspace);
        if (db >= 0) listener(db, storeKey[sizeof(uint)..]);
    }

    public RecoveryReport Recovery { get; }
    public StoreOptions Options => options;
    public long MaxRecordBytes { get; }

    /// <summary>
    /// The live data the last automatic compaction found, extrapolated to the whole log (0 until one ran since
    /// start): what it moved, scaled by the log's size over the part it examined.
    /// </summary>
    private long estimatedLiveBytes;

    private readonly DataFolderLock folderLock;

    /// <summary>Whether the log's flushes go direct, decided once a second (<see cref="AdaptLogWrites"/>).</summary>
    private readonly DirectWritePolicy directWritePolicy;

    /// <summary>Bytes of large values' chunks written since start, for <see cref="directWritePolicy"/>.</summary>
    private long chunkBytesWritten;

    /// <summary>Keeps log pages no record has reached out of resident memory; null where FASTER's pool was not found.</summary>
    private readonly LazyLogPages? logPages;

    private CacheStore(StoreOptions options, Action<string> log)
    {
        this.log = log;
        Directory.CreateDirectory(options.Directory);
        folderLock = DataFolderLock.Acquire(options.Directory);
        try
        {
            checkpoints = new CheckpointFiles(Path.Combine(options.Directory, "checkpoints"));
            options = WithLogPageSize(options, checkpoints.Any(), log);
            this.options = options;
            keyspaces = new Keyspaces(options.Databases);
            clock = new StoreClock(options.Clock);
            logDevice = new LogFileDevice(Path.Combine(options.Directory, "log", "store.log"), openDirect: options.LogWrites != LogWriteMode.Buffered);
            directWritePolicy = new DirectWritePolicy(options.LogWrites);
            logDevice.WritesDirect = directWritePolicy.Direct;
            checkpoints.SyncBeforeCommit(logDevice);
            settings = new FasterKVSettings<SpanByte, SpanByte>
            {
                IndexSize = options.IndexBytes,
                LogDevice = logDevice,
                MemorySize = options.MemoryBytes,
                PageSize = options.PageBytes,
                SegmentSize = options.SegmentBytes,
                CheckpointManager = checkpoints.Manager,
                // A checkpoint writes the whole unflushed log memory (up to a gigabyte). Issued at once, those
                // writes queued every read of a cold key behind them: GETs waited 0.7-1.5 s. One page at a time
                // (FASTER's throttle with no pause) keeps reads flowing and takes about as long.
                ThrottleCheckpointFlushDelayMs = 0,
                TryRecoverLatest = false,
            };
            Kv = new FasterKV<SpanByte, SpanByte>(settings);
            CheckpointGate = new CheckpointWriteGate(options.CheckpointWriteAllowanceBytes);
            WriteLocks = new WriteLocks(options.IndexBytes);
            MaxRecordBytes = options.PageBytes;
            functions = new StoreFunctions(keyCounts, tags, clock, options.MaxValueBytes, options.ChunkBytes);
            lengths = new SessionVariableLengthStructSettings<SpanByte, SpanByte>
            {
                valueLength = new ValueLengths(options.MaxValueBytes, options.ChunkBytes, clock),
                inputLength = new SpanByteVarLenStruct(),
            };
            lastSaveUnixSeconds = NowMs / 1000;
            Recovery = Recover();
            logPages = LazyLogPages.TryCreate(Kv, log);
            logPages?.ReleasePastTail();
            logPages?.Stock();
            Prefetcher = new RecordPrefetcher(Kv, log);
            tagJournal = TagJournal.Open(Path.Combine(options.Directory, "tags"), tags, keyspaces.IsLive, out int replayed);
            TagRecordsReplayed = replayed;
            // Records of flushed databases are read but not applied; both counts tell a lost keyspace map from a lost journal.
            if (replayed > 0) log($"Tag journal: replayed {replayed} revalidations; {tags.Count} tags of live databases");
        }
        catch
        {
            // A store that failed to open (a damaged checkpoint, say) lets go of the folder, so it can be opened again.
            Kv?.Dispose();
            checkpoints?.Dispose();
            logDevice?.Dispose();
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The options with the page size the log is opened with (<see cref="LogLayout"/>), once checked: FASTER
    /// needs a power of two, and a chunk record must fit in a page or every large value would fail.
    /// </summary>
    private static StoreOptions WithLogPageSize(StoreOptions options, bool checkpointExists, Action<string> log)
    {
        if (!LogLayout.IsValidPageSize(options.PageBytes))
            throw new ArgumentException($"The log page size must be a power of two of at least 512 bytes, not {options.PageBytes}", nameof(options));
        long pageBytes = LogLayout.Resolve(options.Directory, options.PageBytes, checkpointExists, log);
        if (pageBytes != options.PageBytes) options = options.WithPageBytes(pageBytes);
        if (options.ChunkBytes < 1 || (long)options.ChunkBytes + StoreOptions.ChunkRecordOverhead > pageBytes)
            throw new ArgumentException($"A chunk of {options.ChunkBytes} bytes does not fit in a log page of {pageBytes} bytes", nameof(options));
        return options;
    }

    /// <summary>Next.js tag records read back from the tag journal at start.</summary>
    public int TagRecordsReplayed { get; }

    public TagTable Tags => tags;

    /// <summary>
    /// NEXTTAG: applies a revalidation to each tag of a database and returns once it is on disk (fsync),
    /// so no restart can undo it. Blocks on the disk: call it from a worker thread.
    /// </summary>
    public int RevalidateTags(int db, IReadOnlyList<byte[]> tagNames, TagRevalidation kind, long expireSeconds, long? atMs = null)
    {
        uint keyspace = keyspaces[db];
        long now = atMs ?? NowMs;
        var changes = new List<(byte[] Tag, TagTimes Times)>(tagNames.Count);
        // One writer at a time, so the journal's order is the table's order.
        lock (tagLock)
        {
            foreach (var tag in tagNames) changes.Add((tag, tags.Revalidate(keyspace, tag, kind, now, expireSeconds)));
            tagJournal!.Append(keyspace, changes);
        }
        return changes.Count;
    }

    /// <summary>True for a Next.js entry that one of its tags has expired (scans and active expiry).</summary>
    internal bool IsDeadByTags(ReadOnlySpan<byte> storeKey, ReadOnlySpan<byte> value, long now)
        => tags.IsEntryExpired(KeyCounts.KeyspaceOf(storeKey), value, now);

    /// <summary>Drops tag records no live entry can be older than, and shrinks the journal. Worker thread only.</summary>
    public int PruneTags()
    {
        lock (tagLock)
        {
            int dropped = tags.Prune(NowMs, (long)options.MaxEntryLifetime.TotalMilliseconds, keyspaces.IsLive);
            tagJournal!.CompactIfLarge(tags);
            return dropped;
        }
    }

    /// <summary>Opens the store in <see cref="StoreOptions.Directory"/>, recovering the latest checkpoint.</summary>
    public static CacheStore Open(StoreOptions options, Action<string>? log = null) => new(options, log ?? (_ => { }));

    public long NowMs => clock.NowMs;

    /// <summary>Re-reads the wall clock (called every second by the server).</summary>
    public void ResyncClock() => clock.Resync();

    /// <summary>Keeps spare log pages ready that are not resident until written (<see cref="LazyLogPages"/>; called every second by the server).</summary>
    public void StockLogPages() => logPages?.Stock();

    /// <summary>
    /// Sends the log's flushes direct or through the page cache, by what the log grew with since the last call
    /// (<see cref="DirectWritePolicy"/>; called every second by the server).
    /// </summary>
    public void AdaptLogWrites() => logDevice.WritesDirect = directWritePolicy.Update(Kv.Log.TailAddress, Interlocked.Read(ref chunkBytesWritten));

    /// <summary>Whether the log's page flushes bypass the page cache now (INFO's <c>log_direct_writes</c>).</summary>
    public bool LogWritesDirect => logDevice.WritesDirect;

    internal void CountChunkBytes(long bytes) => Interlocked.Add(ref chunkBytesWritten, bytes);

    public int Databases => keyspaces.Databases;

    public StoreSession NewSession() => new(this, NewRawSession());

    internal ClientSession<SpanByte, SpanByte, SpanByte, StoreOutput, long, StoreFunctions> NewRawSession()
        => Kv.For(functions).NewSession<StoreFunctions>(sessionVariableLengthStructSettings: lengths);

    internal uint KeyspaceOf(int db) => keyspaces[db];
    internal Keyspaces Keyspaces => keyspaces;

    public long KeyCount(int db) => keyCounts.Get(keyspaces[db]);

    public long ChangesSinceSave => changesSinceSave.Value;
    public long LastSaveUnixSeconds => Interlocked.Read(ref lastSaveUnixSeconds);
    /// <summary>The log pages in use. FASTER also counts its spare pages, which are not resident until used.</summary>
    public long LogMemoryBytes => Kv.Log.MemorySizeBytes - (logPages?.SpareBytes ?? 0);
    public long LogTailAddress => Kv.Log.TailAddress;
    public long LogBeginAddress => Kv.Log.BeginAddress;
    /// <summary>The hash index's current size (it grows, see <see cref="GrowIndexIfCrowded"/>).</summary>
    public long IndexBytes => Kv.IndexSize * BucketBytes;

    private const int BucketBytes = 64;

    /// <summary>
    /// Doubles the hash index when keys average more than <see cref="StoreOptions.KeysPerBucket"/> per
    /// bucket, so lookups do not walk overflow buckets. Blocks the calling (background) thread while the
    /// buckets are split; commands go on meanwhile and help split the buckets they touch. False when no
    /// growth was needed or possible now (a checkpoint or compaction is running, or the index is at its maximum).
    /// </summary>
    /// <remarks>
    /// It holds <c>maintenance</c>, as checkpoints do. FASTER runs one state machine at a time, so a checkpoint
    /// asked for during a growth failed to start; worse, one that started just as the growth ended deadlocked
    /// with it: <c>GrowIndex</c> keeps the epoch while it waits to see the index at rest, and the checkpoint waits
    /// for every thread in the epoch to take its first step. A checkpoint now waits for the growth instead.
    /// </remarks>
    public bool GrowIndexIfCrowded()
    {
        long buckets = Kv.IndexSize;
        if (keyCounts.Total() <= buckets * StoreOptions.KeysPerBucket) return false;
        if (buckets * 2 * BucketBytes > options.MaxIndexBytes) return false;
        if (!maintenance.Wait(0)) return false;
        try
        {
            if (!Kv.GrowIndex()) return false;
        }
        finally
        {
            maintenance.Release();
        }
        Prefetcher.Refresh();
        log($"Hash index grown to {IndexBytes / 1024} KB for {keyCounts.Total()} keys");
        return true;
    }

    /// <summary>Counts a change for the save points; <paramref name="stripe"/> is the writer's counter slot.</summary>
    internal void MarkDirty(int stripe = 0) => changesSinceSave.Increment(stripe);

    /// <summary>FLUSHDB: O(1); the old records are reclaimed by compaction.</summary>
    public void FlushDb(int db)
    {
        lock (keyspaceLock)
        {
            uint old = keyspaces.Renew(db);
            keyCounts.Forget(old);
            Objects.ReleaseKeyspace(old);
            SaveKeyspaces();
        }
        ForgetLastCompaction();
    }

    public void FlushAll()
    {
        lock (keyspaceLock)
        {
            for (int db = 0; db < keyspaces.Databases; db++)
            {
                uint old = keyspaces.Renew(db);
                keyCounts.Forget(old);
                Objects.ReleaseKeyspace(old);
            }
            SaveKeyspaces();
        }
        ForgetLastCompaction();
    }

    /// <summary>A flush turns the data into garbage at once: the next check need not wait for the log to grow.</summary>
    private void ForgetLastCompaction() => Volatile.Write(ref estimatedLiveBytes, 0);

    public void SwapDb(int a, int b)
    {
        lock (keyspaceLock)
        {
            keyspaces.Swap(a, b);
            SaveKeyspaces();
        }
    }

    /// <summary>Writes held back by checkpoints' flushes since the store opened (INFO's <c>checkpoint_write_waits</c>).</summary>
    public long CheckpointWriteWaits => CheckpointGate.TotalWaits;

    /// <summary>How long those writes waited, added up, in milliseconds (INFO's <c>checkpoint_write_wait_ms</c>).</summary>
    public long CheckpointWriteWaitMs => CheckpointGate.TotalWaitedMs;

    /// <summary>False after a checkpoint failed, until one succeeds (INFO's <c>rdb_last_bgsave_status</c>).</summary>
    public bool LastCheckpointSucceeded { get; private set; } = true;

    /// <summary>
    /// Takes a full checkpoint (index and a snapshot of the log) and waits until it is on disk. False when it
    /// failed (a full or unwritable disk, logged): the previous checkpoint stays the one to recover, and the
    /// next attempt starts afresh, as Redis retries a failed background save.
    /// </summary>
    /// <remarks>
    /// <paramref name="cancellationToken"/> only cancels the wait for another checkpoint, compaction or index growth
    /// to end. Once started, a checkpoint runs to its end: FASTER 2.6.5, handed a token that is then cancelled,
    /// commits the snapshot before its flush has ended (<c>CheckpointCancellationTests</c>).
    /// </remarks>
    public async Task<bool> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        await maintenance.WaitAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref checkpointRunning, true);
        try
        {
            long changes = ChangesSinceSave;
            // Objects first: a stub the checkpoint holds whose object the snapshot lacks is dropped at recovery.
            await Task.Run(() => ObjectSnapshot.Write(ObjectSnapshot.PathIn(options.Directory), Objects), CancellationToken.None).ConfigureAwait(false);
            bool success;
            Guid token;
            // The log written since the last checkpoint goes to disk here, off the event loops: the commit syncs
            // again, on whichever thread finishes the checkpoint, and then finds only what was written meanwhile.
            await Task.Run(logDevice.Sync, CancellationToken.None).ConfigureAwait(false);
            _ = checkpoints.TakeCommitFailure();
            CheckpointGate.Arm(Kv);
            try
            {
                // Never the caller's token: cancelled, FASTER 2.6.5 would commit the snapshot before its flush ended.
                (success, token) = await Kv.TakeFullCheckpointAsync(CheckpointType.Snapshot, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                CheckpointGate.Disarm();
            }
            if (checkpoints.TakeCommitFailure() is { } commitFailure)
            {
                log($"Checkpoint failed: {commitFailure.Message}");
                success = false;
            }
            if (CheckpointGate.Waits > 0)
                log($"{CheckpointGate.Waits} writes waited {CheckpointGate.WaitedMs} ms in all for the checkpoint's flush: the log moved close to 2 GB while it ran");
            if (success)
            {
                // Not on the thread that completed the checkpoint: that may be an event loop.
                await Task.Run(() => checkpoints.DeleteAllBut(token, log), CancellationToken.None).ConfigureAwait(false);
                changesSinceSave.Add(-changes);
                Interlocked.Exchange(ref lastSaveUnixSeconds, NowMs / 1000);
            }
            LastCheckpointSucceeded = success;
            return success;
        }
        catch (Exception e)
        {
            // Any failure, not only the disk's: a caller that gets an exception instead (the periodic loop, a
            // shutdown) would stop checkpointing, or skip the final checkpoint.
            log(e is IOException or UnauthorizedAccessException ? $"Checkpoint failed: {e.Message}" : $"Checkpoint failed: {e.GetType().Name}: {e.Message}");
            LastCheckpointSucceeded = false;
            return false;
        }
        finally
        {
            Volatile.Write(ref checkpointRunning, false);
            maintenance.Release();
        }
    }

    /// <summary>True while a checkpoint runs (INFO's <c>rdb_bgsave_in_progress</c>).</summary>
    public bool CheckpointRunning => Volatile.Read(ref checkpointRunning);

    /// <summary>
    /// Active expiry, like Redis's cron: examines the next <paramref name="maxRecords"/> log records from
    /// <paramref name="cursor"/> and removes expired keys. Returns the next cursor (0 = wrapped). Worker thread only.
    /// </summary>
    public long ReapExpired(StoreSession session, long cursor, long maxRecords, out long reaped, long maxBytes = 4L << 20)
    {
        reaped = 0;
        return session.ReapExpired(cursor, maxRecords, maxBytes, ref reaped);
    }

    /// <summary>
    /// Reclaims disk: moves every live record out of the oldest part of the log (up to
    /// <paramref name="until"/>, rounded down to a page) and drops that part. The drop becomes
    /// permanent with the checkpoint taken right after, so a crash in between loses nothing.
    /// Returns the records moved. Worker thread only.
    /// <paramref name="cancellationToken"/> is checked between steps of 10,000 records or 64 MB: a compaction stopped there
    /// cuts nothing (the records it moved are newer copies at the tail, the originals stay), so a shutdown does
    /// not wait for the scan of a large log, nor dispose the store under it.
    /// </summary>
    public async Task<long> CompactAsync(StoreSession session, long until, CancellationToken cancellationToken = default)
        => (await CompactCountingAsync(session, until, cancellationToken).ConfigureAwait(false)).Moved;

    private async Task<RelocationTally> CompactCountingAsync(StoreSession session, long until, CancellationToken cancellationToken)
    {
        var tally = new RelocationTally();
        until &= ~(options.PageBytes - 1);
        until = Math.Min(until, Kv.Log.SafeReadOnlyAddress & ~(options.PageBytes - 1));
        if (until <= Kv.Log.BeginAddress) return tally;
        await maintenance.WaitAsync().ConfigureAwait(false);
        try
        {
            long cursor = Kv.Log.BeginAddress;
            do cursor = session.Relocate(cursor, until, 10_000, 64L << 20, ref tally); while (cursor != 0 && !cancellationToken.IsCancellationRequested);
            if (cursor != 0 || !await GraceOverAsync(tally.ReleasedUntilMs, cancellationToken).ConfigureAwait(false)) return tally;
            Kv.Log.ShiftBeginAddress(until, truncateLog: false);
        }
        finally
        {
            maintenance.Release();
        }
        await CheckpointAsync().ConfigureAwait(false);
        return tally;
    }

    /// <summary>
    /// Waits until <paramref name="untilMs"/> on the store's clock, looking at it every 100 ms (an injected clock
    /// moves by hand); false when stopped first.
    /// </summary>
    private async Task<bool> GraceOverAsync(long untilMs, CancellationToken cancellationToken)
    {
        try
        {
            for (long wait; (wait = untilMs - NowMs) > 0;)
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(wait, 100)), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Compacts the older half of the log once it is larger than twice the memory budget and at least half of it is
    /// garbage, as far as the last compaction could tell: Redis rewrites its AOF at a minimum size and 100 % growth.
    /// Without the second condition, live data alone larger than the threshold was copied forward every check,
    /// forever. The live data is estimated from the last compaction: what it moved, over what it examined. The rule
    /// used to be "the log has doubled since the last compaction", which ratcheted under heavy writes: a compaction
    /// that took long left a large log, and the next one waited for twice that (48 GB for 300 MB of live values).
    /// </summary>
    public async Task<long> CompactIfLargeAsync(StoreSession session, CancellationToken cancellationToken = default)
    {
        long begin = Kv.Log.BeginAddress;
        long size = Kv.Log.TailAddress - begin;
        if (size <= 2 * options.MemoryBytes || size < 2 * Volatile.Read(ref estimatedLiveBytes)) return 0;
        var tally = await CompactCountingAsync(session, begin + size / 2, cancellationToken).ConfigureAwait(false);
        long examined = Kv.Log.BeginAddress - begin;
        if (examined > 0) Volatile.Write(ref estimatedLiveBytes, (long)((double)tally.MovedBytes / examined * size));
        return tally.Moved;
    }

    /// <summary>Deletes chunks of replaced large values once their grace period is over. Worker thread only.</summary>
    public int DeleteReleasedChunks(StoreSession session, bool all = false) => session.DeleteReleasedChunks(all);

    /// <summary>
    /// Keeps collections within <see cref="StoreOptions.CollectionMemoryBytes"/>: when their estimated size
    /// is above it, evicts the least recently used ones to images in the log (down to 90 % of the budget),
    /// and deletes the images of released collections. Returns how many were evicted. Worker thread only.
    /// </summary>
    public int EvictColdCollections(StoreSession session)
    {
        while (Objects.ImagesToDelete.TryDequeue(out var image)) session.DeleteImage(image.ImageKeyspace, image.Id);
        // A plain pass first: below the budget (the usual case) nothing is allocated.
        long total = 0;
        foreach (var (_, obj) in Objects.Entries) total += obj.EstimatedBytes;
        if (total <= options.CollectionMemoryBytes) return 0;
        var resident = Objects.Entries.Where(entry => entry.Value is not EvictedObject)
            .Select(entry => (Id: entry.Key, Object: entry.Value, Bytes: entry.Value.EstimatedBytes)).ToList();
        long target = options.CollectionMemoryBytes / 10 * 9;
        int evicted = 0;
        foreach (var (id, obj, bytes) in resident.OrderBy(entry => entry.Object.LastAccessTicks))
        {
            if (total <= target) break;
            var key = obj.Key;
            using (Objects.Locks.Enter(key))
            {
                if (!Objects.IsCurrent(id, obj, key)) continue;
                if (!session.Evict(id, obj)) continue;
            }
            total -= bytes;
            evicted++;
        }
        return evicted;
    }

    /// <summary>A reader of the on-disk part of the log, for walks that need only record headers and keys.</summary>
    internal LogDiskReader NewLogDiskReader() => new(logDevice, options.PageBytes);

    /// <summary>Chunked values waiting for deletion (INFO).</summary>
    public int ReleasedChunkedValues => Janitor.Count;

    private RecoveryReport Recover()
    {
        var elapsed = Stopwatch.StartNew();
        var checkpointDir = checkpoints.Directory;
        if (!checkpoints.Any())
        {
            SaveKeyspaces();
            return new RecoveryReport(false, false, 0, elapsed.Elapsed, null);
        }
        try
        {
            Kv.Recover();
            RebuildIndexIfItOutranTheLog();
        }
        catch (Exception e)
        {
            if (!options.StartEmptyOnRecoveryFailure)
                throw new StoreRecoveryException($"A checkpoint exists in '{checkpointDir}' but could not be loaded: {e.Message}", e);
            log($"Checkpoint in '{checkpointDir}' could not be loaded ({e.Message}); starting empty as configured");
            SaveKeyspaces();
            return new RecoveryReport(true, false, 0, elapsed.Elapsed, e.Message);
        }
        LoadKeyspaces();
        LoadObjects();
        long keys = RebuildKeyCounts();
        return new RecoveryReport(true, true, keys, elapsed.Elapsed, null);
    }

    /// <summary>
    /// When the recovered index has entries past the recovered log (<see cref="IndexEntriesPastTail"/>), recovers
    /// again from the same log checkpoint without the index: FASTER then rebuilds it by reading the whole log.
    /// Slower (a log scan) and rare; the index starts at its configured size and grows again.
    /// </summary>
    private void RebuildIndexIfItOutranTheLog()
    {
        long pastTail;
        try
        {
            pastTail = IndexEntriesPastTail.Count(Kv);
        }
        catch (Exception e)
        {
            // Only the check failed (FASTER's internals not where 2.6.5 keeps them): recovery goes on as before it.
            log($"Could not check the recovered hash index against the log ({e.GetType().Name}: {e.Message})");
            return;
        }

        if (pastTail == 0) return;
        log($"The checkpoint's hash index has {pastTail} entries past the end of its log (its copy outran the log snapshot); rebuilding the index from the log");
        // The newest log checkpoint that loads, as FASTER's own Recover() chooses (it passes over one a crash left unfinished).
        Exception? failure = null;
        foreach (var token in checkpoints.Manager.GetLogCheckpointTokens())
        {
            RenewKv();
            try
            {
                Kv.Recover(default, token);
                log($"Index rebuilt from the log of checkpoint {token}");
                return;
            }
            catch (Exception e)
            {
                failure = e;
            }
        }

        // A clean instance, so starting empty (--start-empty-on-recovery-failure) does not inherit a half recovery.
        RenewKv();
        throw new FasterException($"No log checkpoint could be recovered without its index: {failure?.Message}", failure);
    }

    /// <summary>Replaces the FASTER instance with a fresh, empty one (same settings, devices and checkpoints).</summary>
    private void RenewKv()
    {
        Kv.Dispose();
        Kv = new FasterKV<SpanByte, SpanByte>(settings);
    }

    private void LoadObjects()
    {
        string path = ObjectSnapshot.PathIn(options.Directory);
        try
        {
            int loaded = ObjectSnapshot.Read(path, Objects);
            if (loaded > 0) log($"Loaded {loaded} collections from '{path}'");
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            if (!options.StartEmptyOnRecoveryFailure)
                throw new StoreRecoveryException($"The collection snapshot '{path}' could not be loaded: {e.Message}", e);
            log($"Collection snapshot '{path}' could not be loaded ({e.Message}); collections start empty as configured");
            Objects.Clear();
        }
    }

    /// <summary>
    /// Counts the keys of each database from the recovered log and pairs collection stubs with the
    /// snapshot's objects: an object no stub names is dropped, a stub without its object is deleted.
    /// </summary>
    private long RebuildKeyCounts()
    {
        keyCounts.Clear();
        long total = 0;
        var named = new HashSet<long>();
        var orphanStubs = new List<byte[]>();
        var orphanChunks = new OrphanChunks();
        using (var session = NewRawSession())
        {
            long cursor = Kv.Log.BeginAddress;
            do
            {
                // Record heads only: a log of large values is read a few kilobytes per record, not whole.
                cursor = LogScanner.ScanKeys(this, session, cursor, 10_000, (key, value, _) =>
                {
                    orphanChunks.Visit(key, value);
                    if (!Keyspaces.IsUserKeyspace(KeyCounts.KeyspaceOf(key))) return true;
                    keyCounts.Add(KeyCounts.KeyspaceOf(key), 1);
                    total++;
                    if (ObjectStub.IsCollection(ValueHeader.Kind(value)) && value.Length >= ObjectStub.Size)
                    {
                        long id = ObjectStub.IdOf(value);
                        if (Objects.TryGet(id, out var obj) && obj.Kind == ValueHeader.Kind(value) && named.Add(id))
                        {
                            obj.Keyspace = KeyCounts.KeyspaceOf(key);
                            obj.Key = key[sizeof(uint)..].ToArray();
                        }
                        else orphanStubs.Add(key.ToArray());
                    }
                    return true;
                }, long.MaxValue, key => keyspaces.IsLive(Keyspaces.OwnerOf(KeyCounts.KeyspaceOf(key))));
            } while (cursor != 0);
        }
        var unnamed = orphanChunks.Unnamed();
        foreach (var (chunkKeyspace, manifest) in unnamed) Janitor.Release(chunkKeyspace, manifest, 0);
        if (unnamed.Count > 0) log($"Deleting the chunks of {unnamed.Count} large values no key refers to (replaced or being written when the server stopped)");
        foreach (var (id, _) in Objects.Entries.ToList())
            if (!named.Contains(id)) Objects.Release(id);
        if (orphanStubs.Count > 0)
        {
            using var session = NewSession();
            foreach (var storeKey in orphanStubs)
            {
                uint keyspace = KeyCounts.KeyspaceOf(storeKey);
                session.RemoveObjectKey(keyspaces.DatabaseOf(keyspace), storeKey.AsSpan(sizeof(uint)));
                total--;
            }
            log($"Dropped {orphanStubs.Count} collection keys whose elements were not in the snapshot");
        }
        return total;
    }

    private unsafe void SaveKeyspaces()
    {
        var record = new byte[ValueHeader.Size + keyspaces.SerializedSize];
        ValueHeader.Write(record, ValueKind.None, 0);
        keyspaces.Serialize(record.AsSpan(ValueHeader.Size));
        using var session = NewSession();
        var key = InternalKey(KeyspacesRecordKey);
        int inputLength = StoreInput.HeaderSize + record.Length;
        var input = new byte[inputLength];
        StoreInput.WriteHeader(input, StoreOp.SetRecord, StoreFlags.None, NowMs, 0, 0);
        record.CopyTo(input, StoreInput.HeaderSize);
        fixed (byte* k = key)
        fixed (byte* i = input)
        {
            var keySpan = SpanByte.FromPointer(k, key.Length);
            var inputSpan = SpanByte.FromPointer(i, input.Length);
            var output = new StoreOutput();
            lock (WriteLocks[WriteLocks.StripeOf(key)])
            {
                var status = session.Raw.RMW(ref keySpan, ref inputSpan, ref output);
                if (status.IsPending) session.Raw.CompletePending(wait: true);
            }
        }
        MarkDirty();
    }

    private void LoadKeyspaces()
    {
        using var session = NewSession();
        var sink = new CapturingSink();
        var key = InternalKey(KeyspacesRecordKey);
        var status = ReadInternal(session, key, sink);
        if (status && sink.Captured is { } record) keyspaces.Restore(record.AsSpan(ValueHeader.Size));
    }

    private static unsafe bool ReadInternal(StoreSession session, byte[] key, IValueSink sink)
    {
        var input = new byte[StoreInput.HeaderSize];
        StoreInput.WriteHeader(input, StoreOp.GetRecord, StoreFlags.None, 0, 0, 0);
        fixed (byte* k = key)
        fixed (byte* i = input)
        {
            var keySpan = SpanByte.FromPointer(k, key.Length);
            var inputSpan = SpanByte.FromPointer(i, input.Length);
            var output = new StoreOutput { Sink = sink, Status = OpStatus.NotFound };
            var status = session.Raw.Read(ref keySpan, ref inputSpan, ref output);
            if (status.IsPending)
            {
                session.Raw.CompletePendingWithOutputs(out var outputs, wait: true);
                using (outputs) return outputs.Next() && outputs.Current.Status.Found;
            }
            return status.Found;
        }
    }

    private static byte[] InternalKey(ReadOnlySpan<byte> name)
    {
        var key = new byte[sizeof(uint) + name.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(key, Keyspaces.Internal);
        name.CopyTo(key.AsSpan(sizeof(uint)));
        return key;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Kv.Dispose();
        checkpoints.Dispose();
        logDevice.Dispose();
        tagJournal?.Dispose();
        maintenance.Dispose();
        // Last: the folder is someone else's to take only once everything here is closed.
        folderLock.Dispose();
    }
}
