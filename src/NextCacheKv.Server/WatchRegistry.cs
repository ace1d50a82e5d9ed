namespace NextCacheKv.Server;

/// <summary>
/// WATCH: which clients watch which keys. A write to a watched key marks its watchers, whose EXEC then
/// fails. Costs a single read per write while nobody watches anything.
/// </summary>
public sealed class WatchRegistry
{
    private readonly Dictionary<(int Db, string Key), HashSet<ClientState>> watchers = new();
    private readonly Lock gate = new();
    private volatile int watched;

    public void Watch(ClientState client, int db, ReadOnlySpan<byte> key)
    {
        var id = (db, KeyOf(key));
        lock (gate)
        {
            if (!watchers.TryGetValue(id, out var set)) watchers[id] = set = [];
            if (set.Add(client))
            {
                client.WatchedKeys.Add(id);
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
            foreach (var id in client.WatchedKeys)
            {
                if (!watchers.TryGetValue(id, out var set) || !set.Remove(client)) continue;
                watched--;
                if (set.Count == 0) watchers.Remove(id);
            }
            client.WatchedKeys.Clear();
        }
    }

    public void Touch(int db, ReadOnlySpan<byte> key)
    {
        if (watched == 0) return;
        lock (gate)
        {
            if (watchers.TryGetValue((db, KeyOf(key)), out var set))
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
        List<(int Db, string Key, ClientState[] Clients)> candidates = [];
        lock (gate)
        {
            foreach (var ((watchedDb, key), set) in watchers)
                if (db < 0 || watchedDb == db) candidates.Add((watchedDb, key, [.. set]));
        }
        foreach (var (watchedDb, key, clients) in candidates)
        {
            var bytes = System.Text.Encoding.Latin1.GetBytes(key);
            if (!exists(watchedDb, bytes) && (swappedWith < 0 || !exists(swappedWith, bytes))) continue;
            foreach (var client in clients) client.WatchDirty = true;
        }
    }

    // Latin-1 maps every byte to one char, so this is an exact, comparable copy of the key.
    private static string KeyOf(ReadOnlySpan<byte> key) => System.Text.Encoding.Latin1.GetString(key);
}
