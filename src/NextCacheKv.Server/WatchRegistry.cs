using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server;

/// <summary>
/// WATCH: which clients watch which keys, per database. A write to a watched key marks its watchers, whose
/// EXEC then fails. Costs a single read per write while nobody watches anything, and no allocation otherwise
/// (keys are looked up by the request's bytes).
/// </summary>
public sealed class WatchRegistry
{
    private readonly Dictionary<int, Dictionary<byte[], HashSet<ClientState>>> watchers = new();
    private readonly Lock gate = new();
    private volatile int watched;

    public void Watch(ClientState client, int db, ReadOnlySpan<byte> key)
    {
        lock (gate)
        {
            var keys = KeysOf(db);
            var lookup = keys.GetAlternateLookup<ReadOnlySpan<byte>>();
            if (!lookup.TryGetValue(key, out var storedKey, out var set))
            {
                storedKey = key.ToArray();
                keys[storedKey] = set = [];
            }
            if (set.Add(client))
            {
                client.WatchedKeys.Add((db, storedKey));
                watched++;
            }
        }
    }

    public void UnwatchAll(ClientState client)
    {
        client.WatchDirty = false;
        if (client.WatchedKeys.Count == 0) return;
        lock (gate)
        {
            foreach (var (db, key) in client.WatchedKeys)
            {
                var keys = KeysOf(db);
                if (!keys.TryGetValue(key, out var set) || !set.Remove(client)) continue;
                watched--;
                if (set.Count == 0) keys.Remove(key);
            }
            client.WatchedKeys.Clear();
        }
    }

    public void Touch(int db, ReadOnlySpan<byte> key)
    {
        if (watched == 0) return;
        lock (gate)
        {
            if (watchers.TryGetValue(db, out var keys) && keys.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out var set))
                foreach (var client in set) client.WatchDirty = true;
        }
    }

    /// <summary>
    /// FLUSHDB, FLUSHALL (<paramref name="db"/> -1), SWAPDB: marks, as Redis does, the watchers of keys that
    /// exist in the database — or, for SWAPDB, in the database <paramref name="swappedWith"/> that takes its
    /// place. Call it before the change, while existence can still be checked.
    /// </summary>
    public void TouchDatabase(int db, Func<int, byte[], bool> exists, int swappedWith = -1)
    {
        if (watched == 0) return;
        List<(int Db, byte[] Key, ClientState[] Clients)> candidates = [];
        lock (gate)
        {
            foreach (var (watchedDb, keys) in watchers)
                if (db < 0 || watchedDb == db)
                    foreach (var (key, set) in keys) candidates.Add((watchedDb, key, [.. set]));
        }
        foreach (var (watchedDb, key, clients) in candidates)
        {
            if (!exists(watchedDb, key) && (swappedWith < 0 || !exists(swappedWith, key))) continue;
            foreach (var client in clients) client.WatchDirty = true;
        }
    }

    private Dictionary<byte[], HashSet<ClientState>> KeysOf(int db)
    {
        if (!watchers.TryGetValue(db, out var keys)) watchers[db] = keys = new(ByteArrayComparer.Instance);
        return keys;
    }
}
