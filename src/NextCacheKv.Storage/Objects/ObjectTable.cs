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

    public void Release(long id) => objects.TryRemove(id, out _);

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
