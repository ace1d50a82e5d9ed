namespace NextCacheKv.Storage;

/// <summary>Log walks: SCAN/KEYS, active expiry and the chunk janitor. Worker threads only (disk reads block).</summary>
public sealed partial class StoreSession
{
    /// <summary>
    /// Visits live keys of <paramref name="db"/> from log address <paramref name="cursor"/> (0 = start),
    /// examining at most <paramref name="maxRecords"/> records. Returns the next cursor, 0 when done.
    /// </summary>
    public long ScanKeys(int db, long cursor, long maxRecords, KeyVisitor visitor)
    {
        uint keyspace = store.KeyspaceOf(db);
        long now = NowMs;
        return LogScanner.Scan(store, session, cursor, maxRecords,
            (storeKey, value) => visitor(storeKey[sizeof(uint)..], ValueHeader.Kind(value)),
            filter: (storeKey, value) => KeyCounts.KeyspaceOf(storeKey) == keyspace && !ValueHeader.IsExpired(value, now) && !store.IsDeadByTags(storeKey, value, now));
    }

    /// <summary>
    /// One active-expiry step over the in-memory part of the log: removes expired keys among the next
    /// records; returns the next cursor. Expired records already on disk are dropped by compaction.
    /// </summary>
    internal long ReapExpired(long cursor, long maxRecords, long maxBytes, ref long reaped)
    {
        long now = NowMs;
        // Keys past their TTL, and Next.js entries their tags expired (with the timestamp that identifies them).
        var dead = new List<(byte[] Key, long? EntryTimestampBits)>();
        // Scanning copies every record, so bound the bytes as well as the records of one step.
        long start = Math.Max(cursor, store.Kv.Log.HeadAddress);
        long next = LogScanner.Scan(store, session, start, maxRecords, (storeKey, value) =>
        {
            dead.Add(ValueHeader.IsExpired(value, now)
                ? (storeKey.ToArray(), null)
                : (storeKey.ToArray(), BitConverter.DoubleToInt64Bits(NextEntryFormat.TimestampOf(value))));
            return true;
        }, until: start + maxBytes, filter: (storeKey, value) => ValueHeader.IsExpired(value, now) || store.IsDeadByTags(storeKey, value, now), inMemoryOnly: true);
        foreach (var (key, entryTimestamp) in dead)
        {
            var result = entryTimestamp is { } bits ? ReclaimEntry(key, bits) : DeleteIfExpired(key, now);
            if (result.IsPending) result = CompletePendingAsync().AsTask().GetAwaiter().GetResult();
            if (result.Status == OpStatus.NotFound || (entryTimestamp is not null && result.IsOk)) reaped++;
        }
        return next;
    }

    /// <summary>
    /// Compaction step: rewrites at the tail every live record in [cursor, until) of a live database
    /// (expired ones are removed instead), so the log below <paramref name="until"/> holds only garbage.
    /// Returns the next cursor (0 = reached <paramref name="until"/>). A step examines at most
    /// <paramref name="maxRecords"/> records and <paramref name="maxBytes"/> of log: 10,000 chunks of a large
    /// value are 10 GB, and a step is the unit a shutdown waits for.
    /// </summary>
    internal long Relocate(long cursor, long until, long maxRecords, long maxBytes, ref RelocationTally tally)
    {
        var live = new List<(byte[] Key, int Bytes)>();
        long now = NowMs;
        long releasedUntilMs = tally.ReleasedUntilMs;
        long next = LogScanner.ScanKeys(store, session, cursor, maxRecords, (storeKey, _, recordBytes) =>
        {
            live.Add((storeKey.ToArray(), recordBytes));
            return true;
        }, Math.Min(until, cursor + maxBytes), storeKey =>
        {
            uint keyspace = KeyCounts.KeyspaceOf(storeKey);
            if (keyspace == Keyspaces.Internal) return true;
            if (!store.Keyspaces.IsLive(Keyspaces.OwnerOf(keyspace))) return false;
            // A replaced value's chunk waits out its grace period for readers still streaming it, then is
            // deleted: copying it forward would rewrite garbage (a gigabyte a compaction under heavy churn of
            // large values). The caller cuts the log only once the grace period is over.
            if (Keyspaces.IsUserKeyspace(keyspace) || !ChunkKeys.TryRead(storeKey, out long blobId, out _)
                || !store.Janitor.TryGetDue(keyspace, blobId, out long dueMs)) return true;
            releasedUntilMs = Math.Max(releasedUntilMs, dueMs);
            return false;
        });
        tally.ReleasedUntilMs = releasedUntilMs;
        foreach (var (key, bytes) in live)
        {
            int inputLength = PrepareInput(StoreOp.Relocate, StoreFlags.None, now, 0, 0, default);
            var output = RunUpdate(key, inputLength, null, Foreground, out bool pending);
            if (pending) output = CompleteFasterAsync().AsTask().GetAwaiter().GetResult();
            ReleaseGarbage(KeyCounts.KeyspaceOf(key), output);
            if (output.Status != OpStatus.Ok) continue;
            tally.Moved++;
            tally.MovedBytes += bytes;
        }
        return next;
    }

    /// <summary>Deletes the chunks whose grace period is over (all of them when <paramref name="all"/>).</summary>
    internal int DeleteReleasedChunks(bool all)
    {
        int released = 0;
        long now = all ? long.MaxValue : store.NowMs;
        while (store.Janitor.TryTakeDue(now, out uint chunkKeyspace, out var manifest))
        {
            DeleteChunksAsync(chunkKeyspace, manifest).AsTask().GetAwaiter().GetResult();
            store.Janitor.Forget(chunkKeyspace, manifest.BlobId);
            released++;
        }
        return released;
    }
}
