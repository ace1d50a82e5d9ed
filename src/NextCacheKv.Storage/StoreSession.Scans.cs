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
        long now = store.NowMs;
        return LogScanner.Scan(store, session, cursor, maxRecords, (storeKey, value) =>
        {
            if (KeyCounts.KeyspaceOf(storeKey) != keyspace || ValueHeader.IsExpired(value, now)) return true;
            return visitor(storeKey[sizeof(uint)..], ValueHeader.Kind(value));
        });
    }

    /// <summary>One active-expiry step: removes expired keys among the next records; returns the next cursor.</summary>
    internal long ReapExpired(long cursor, long maxRecords, ref long reaped)
    {
        long now = store.NowMs;
        var expired = new List<byte[]>();
        long next = LogScanner.Scan(store, session, cursor, maxRecords, (storeKey, value) =>
        {
            if (ValueHeader.IsExpired(value, now)) expired.Add(storeKey.ToArray());
            return true;
        });
        foreach (var key in expired)
        {
            var result = DeleteIfExpired(key, now);
            if (result.IsPending) result = CompletePendingAsync().AsTask().GetAwaiter().GetResult();
            if (result.Status == OpStatus.NotFound) reaped++;
        }
        return next;
    }

    /// <summary>
    /// Compaction step: rewrites at the tail every live record in [cursor, until) of a live database
    /// (expired ones are removed instead), so the log below <paramref name="until"/> holds only garbage.
    /// Returns the next cursor (0 = reached <paramref name="until"/>).
    /// </summary>
    internal long Relocate(long cursor, long until, long maxRecords, ref long moved)
    {
        var live = new List<byte[]>();
        long now = store.NowMs;
        long next = LogScanner.Scan(store, session, cursor, maxRecords, (storeKey, value) =>
        {
            uint keyspace = KeyCounts.KeyspaceOf(storeKey);
            bool wanted = keyspace == Keyspaces.Internal || store.Keyspaces.IsLive(Keyspaces.OwnerOf(keyspace));
            if (wanted) live.Add(storeKey.ToArray());
            return true;
        }, until);
        foreach (var key in live)
        {
            int inputLength = PrepareInput(StoreOp.Relocate, StoreFlags.None, now, 0, 0, default);
            var output = RunUpdate(key, inputLength, null, Foreground, out bool pending);
            if (pending) output = CompleteFasterAsync().AsTask().GetAwaiter().GetResult();
            ReleaseChunks(KeyCounts.KeyspaceOf(key), output);
            if (output.Status == OpStatus.Ok) moved++;
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
            released++;
        }
        return released;
    }
}
