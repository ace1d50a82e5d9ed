using System.Collections.Concurrent;

namespace NextCacheKv.Storage.Objects;

/// <summary>
/// The collection objects by id. A stub record in the log names each; an object whose stub is
/// overwritten, deleted or expires is released through the store's write path (like a chunked value's
/// chunks), and FLUSHDB releases a keyspace's objects at once.
/// </summary>
public sealed class ObjectTable
{
    private readonly ConcurrentDictionary<long, CollectionObject> objects = new();
    private long lastId;

    public ObjectLocks Locks { get; } = new();

    public int Count => objects.Count;

    /// <summary>Registers a new object under a fresh id.</summary>
    public long Add(CollectionObject obj)
    {
        long id = Interlocked.Increment(ref lastId);
        objects[id] = obj;
        return id;
    }

    public bool TryGet(long id, out CollectionObject obj) => objects.TryGetValue(id, out obj!);

    public void Release(long id)
    {
        // An evicted collection's image in the log is garbage now; the housekeeping pass deletes it.
        if (objects.TryRemove(id, out var gone) && gone is EvictedObject evicted) ImagesToDelete.Enqueue((evicted.ImageKeyspace, id));
    }

    /// <summary>Images of released collections, waiting for deletion from the log.</summary>
    internal System.Collections.Concurrent.ConcurrentQueue<(uint ImageKeyspace, long Id)> ImagesToDelete { get; } = new();

    /// <summary>
    /// After locking the stripe of <paramref name="lockedKey"/> (read from <paramref name="obj"/> before):
    /// true when the object still lives under that key (RENAME moves it) and is still the one under its id
    /// (eviction and reloading swap it), so the lock held is the one that guards it.
    /// </summary>
    internal bool IsCurrent(long id, CollectionObject obj, byte[] lockedKey)
        => ReferenceEquals(lockedKey, obj.Key) && objects.TryGetValue(id, out var current) && ReferenceEquals(current, obj);

    /// <summary>Swaps an object for its evicted stand-in or back; false when the entry changed meanwhile.</summary>
    internal bool Replace(long id, CollectionObject expected, CollectionObject replacement) => objects.TryUpdate(id, replacement, expected);

    /// <summary>Collections whose elements are on disk rather than in memory (INFO).</summary>
    public int EvictedCount => objects.Values.Count(obj => obj is EvictedObject);

    public void ReleaseKeyspace(uint keyspace)
    {
        foreach (var (id, obj) in objects)
            if (obj.Keyspace == keyspace) objects.TryRemove(id, out _);
    }

    internal IEnumerable<KeyValuePair<long, CollectionObject>> Entries => objects;

    /// <summary>Restores an object read from a snapshot under its own id.</summary>
    internal void Restore(long id, CollectionObject obj)
    {
        objects[id] = obj;
        if (id > lastId) lastId = id;
    }

    internal void Clear()
    {
        objects.Clear();
    }
}
