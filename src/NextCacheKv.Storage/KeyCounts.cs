using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace NextCacheKv.Storage;

/// <summary>
/// Live key count per keyspace, so DBSIZE and INFO keyspace are O(1) like Redis. Expired keys count
/// until they are reclaimed, as in Redis. Rebuilt from the log after recovery.
/// </summary>
internal sealed class KeyCounts
{
    private readonly ConcurrentDictionary<uint, StrongBox<long>> counts = new();

    public static uint KeyspaceOf(ReadOnlySpan<byte> storeKey) => BinaryPrimitives.ReadUInt32LittleEndian(storeKey);

    public void Add(uint keyspace, long delta)
    {
        if (Keyspaces.IsUserKeyspace(keyspace)) AddCounted(keyspace, delta);
    }

    private void AddCounted(uint keyspace, long delta) => Interlocked.Add(ref counts.GetOrAdd(keyspace, static _ => new StrongBox<long>()).Value, delta);

    public long Get(uint keyspace) => counts.TryGetValue(keyspace, out var box) ? Volatile.Read(ref box.Value) : 0;

    /// <summary>Keys in every keyspace (what the hash index must hold, chunks and tags aside).</summary>
    public long Total()
    {
        long total = 0;
        foreach (var box in counts.Values) total += Volatile.Read(ref box.Value);
        return total;
    }

    public void Forget(uint keyspace) => counts.TryRemove(keyspace, out _);

    public void Clear() => counts.Clear();
}
