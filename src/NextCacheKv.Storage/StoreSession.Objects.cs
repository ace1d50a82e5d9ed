using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Storage;

/// <summary>
/// Collection keys: the stub record in the log, the object in <see cref="ObjectTable"/>. Callers hold the
/// key's <see cref="ObjectLocks"/> stripe. These calls wait for the disk when a stub is not in memory
/// (a blocked thread, rarely), because the object work they guard cannot be suspended under a lock.
/// </summary>
public sealed partial class StoreSession
{
    public ObjectTable Objects => store.Objects;

    /// <summary>Finds the collection of type <paramref name="kind"/> at a key (expired keys are removed first).</summary>
    public ObjectLookup FindObject(int db, ReadOnlySpan<byte> key, ValueKind kind, out CollectionObject? obj)
    {
        obj = null;
        var output = InspectBlocking(store.KeyspaceOf(db), key);
        if (output.Status != OpStatus.Ok) return ObjectLookup.Missing;
        if (output.Kind != kind) return ObjectLookup.WrongType;
        if (store.Objects.TryGet(output.ObjectId, out var found))
        {
            obj = found;
            return ObjectLookup.Found;
        }
        // A stub whose object was lost (crash between snapshot and checkpoint): the key is gone.
        RemoveObjectKey(db, key);
        return ObjectLookup.Missing;
    }

    /// <summary>Type and presence of any key, for commands that accept several types (the sources of a store command).</summary>
    public ObjectLookup FindAny(int db, ReadOnlySpan<byte> key, out ValueKind kind, out CollectionObject? obj)
    {
        obj = null;
        var output = InspectBlocking(store.KeyspaceOf(db), key);
        kind = output.Kind;
        if (output.Status != OpStatus.Ok) return ObjectLookup.Missing;
        if (!ObjectStub.IsCollection(kind)) return ObjectLookup.WrongType;
        if (store.Objects.TryGet(output.ObjectId, out var found))
        {
            obj = found;
            return ObjectLookup.Found;
        }
        RemoveObjectKey(db, key);
        return ObjectLookup.Missing;
    }

    /// <summary>
    /// Creates the key with <paramref name="obj"/> (which should hold at least one element by the time the
    /// lock is released). False when the key exists after all (another type was written meanwhile).
    /// </summary>
    public bool CreateObject(int db, ReadOnlySpan<byte> key, CollectionObject obj)
    {
        uint keyspace = store.KeyspaceOf(db);
        obj.Keyspace = keyspace;
        obj.Key = key.ToArray();
        long id = store.Objects.Add(obj);
        int keyLength = PrepareKey(keyspace, key);
        int inputLength = PrepareInput(StoreOp.CreateObject, StoreFlags.None, store.NowMs, id, (long)obj.Kind, default);
        var output = RunUpdate(keyBuffer.AsSpan(0, keyLength), inputLength, null, Foreground, out bool pending);
        if (pending) output = CompleteBlocking();
        ReleaseChunks(keyspace, output);
        if (output.Status == OpStatus.Ok) return true;
        store.Objects.Release(id);
        return false;
    }

    /// <summary>Deletes a collection key (it became empty); its object is released.</summary>
    public bool RemoveObjectKey(int db, ReadOnlySpan<byte> key)
    {
        uint keyspace = store.KeyspaceOf(db);
        int keyLength = PrepareKey(keyspace, key);
        int inputLength = PrepareInput(StoreOp.Delete, StoreFlags.None, store.NowMs, 0, 0, default);
        var output = RunUpdate(keyBuffer.AsSpan(0, keyLength), inputLength, null, Foreground, out bool pending);
        if (pending) output = CompleteBlocking();
        ReleaseChunks(keyspace, output);
        return output.Status == OpStatus.Ok;
    }

    /// <summary>Whether a live key exists, waiting for the disk if needed (FLUSHDB's WATCH check; worker threads only).</summary>
    public bool KeyExistsBlocking(int db, byte[] key) => InspectBlocking(store.KeyspaceOf(db), key).Status == OpStatus.Ok;

    /// <summary>Marks the store changed (collection edits do not pass through the log).</summary>
    public void ObjectChanged() => store.MarkDirty();

    private StoreOutput InspectBlocking(uint keyspace, ReadOnlySpan<byte> key)
    {
        int keyLength = PrepareKey(keyspace, key);
        int inputLength = PrepareInput(StoreOp.Inspect, StoreFlags.None, store.NowMs, 0, 0, default);
        var output = RunRead(keyBuffer.AsSpan(0, keyLength), inputLength, null, out bool pending);
        if (pending) output = CompleteBlocking();
        if (output.OldExpired && output.Status == OpStatus.NotFound)
        {
            var deleted = output.TagDead
                ? ReclaimEntry(keyBuffer.AsSpan(0, keyLength), output.Integer)
                : DeleteIfExpired(keyBuffer.AsSpan(0, keyLength), store.NowMs);
            if (deleted.IsPending) CompleteBlocking();
        }
        return output;
    }

    private StoreOutput CompleteBlocking()
    {
        var result = new StoreOutput { Status = OpStatus.NotFound };
        while (!CompletePendingLocked(ref result, wait: true)) { }
        pendingStripes.Clear();
        backgroundPending = false;
        if (result.Status == OpStatus.Ok) store.MarkDirty();
        return result;
    }
}
