using System.Buffers;
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
    public ObjectLookup FindObject(int db, ReadOnlySpan<byte> key, ValueKind kind, out CollectionObject? obj) => Find(db, key, kind, out _, out obj);

    /// <summary>The collection at a key whatever its type (the sources of a store command); WrongType for a string.</summary>
    public ObjectLookup FindAny(int db, ReadOnlySpan<byte> key, out ValueKind kind, out CollectionObject? obj) => Find(db, key, ValueKind.None, out kind, out obj);

    /// <summary><paramref name="wanted"/> None accepts any collection type.</summary>
    private ObjectLookup Find(int db, ReadOnlySpan<byte> key, ValueKind wanted, out ValueKind kind, out CollectionObject? obj)
    {
        obj = null;
        var output = InspectBlocking(store.KeyspaceOf(db), key);
        kind = output.Kind;
        if (output.Status != OpStatus.Ok) return ObjectLookup.Missing;
        if (!ObjectStub.IsCollection(kind) || (wanted != ValueKind.None && kind != wanted)) return ObjectLookup.WrongType;
        if (store.Objects.TryGet(output.ObjectId, out var found) && Resident(output.ObjectId, found) is { } resident)
        {
            obj = resident;
            return ObjectLookup.Found;
        }
        // A stub whose object was lost (crash between snapshot and checkpoint): the key is gone.
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
        int inputLength = PrepareInput(StoreOp.CreateObject, StoreFlags.None, NowMs, id, (long)obj.Kind, default);
        var output = RunUpdate(keyBuffer.AsSpan(0, keyLength), inputLength, null, Foreground, out bool pending);
        if (pending) output = CompleteBlocking();
        ReleaseGarbage(keyspace, output);
        if (output.Status == OpStatus.Ok) return true;
        store.Objects.Release(id);
        return false;
    }

    /// <summary>Deletes a collection key (it became empty); its object is released.</summary>
    public bool RemoveObjectKey(int db, ReadOnlySpan<byte> key)
    {
        uint keyspace = store.KeyspaceOf(db);
        int keyLength = PrepareKey(keyspace, key);
        int inputLength = PrepareInput(StoreOp.Delete, StoreFlags.None, NowMs, 0, 0, default);
        var output = RunUpdate(keyBuffer.AsSpan(0, keyLength), inputLength, null, Foreground, out bool pending);
        if (pending) output = CompleteBlocking();
        ReleaseGarbage(keyspace, output);
        return output.Status == OpStatus.Ok;
    }

    /// <summary>
    /// The object in memory: an evicted one is read back from its image (the caller holds the key's
    /// stripe). Null when the image is gone, which only a lost write can cause: the key is then dropped.
    /// </summary>
    internal CollectionObject? Resident(long id, CollectionObject found)
    {
        found.LastAccessTicks = Environment.TickCount64;
        if (found is not EvictedObject evicted) return found;
        var image = ReadImage(evicted.ImageKeyspace, id);
        if (image is null) return null;
        using var reader = new BinaryReader(new MemoryStream(image));
        var loaded = CollectionObject.ReadFrom(evicted.Kind, reader);
        loaded.Keyspace = evicted.Keyspace;
        loaded.Key = evicted.Key;
        loaded.LastAccessTicks = Environment.TickCount64;
        loaded.SnapshotBytes = image.Length;
        loaded.SnapshotCount = loaded.Count;
        // The image stays until the object is evicted again (overwritten) or released (deleted): a
        // checkpoint taken before this load may still name it.
        return store.Objects.Replace(id, evicted, loaded) ? loaded : null;
    }

    /// <summary>
    /// Moves a collection's elements out of memory into an image record in the log, leaving a stand-in in
    /// the table. The caller holds the key's stripe and has checked that <paramref name="obj"/> is current.
    /// </summary>
    internal bool Evict(long id, CollectionObject obj)
    {
        var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true)) obj.WriteTo(writer);
        uint imageKeyspace = Keyspaces.ChunkKeyspaceOf(obj.Keyspace);
        var image = body.GetBuffer().AsMemory(0, (int)body.Length);
        var key = ImageKey(id);
        var result = image.Length > store.Options.ChunkBytes
            ? Defer(SetChunkedAsync(imageKeyspace, key, default, new ReadOnlySequence<byte>(image), ValueKind.String, StoreFlags.None, 0, null))
            : Update(imageKeyspace, key, StoreOp.Set, StoreFlags.None, 0, Shape(ValueLayout.Inline, ValueKind.String), image.Span, null);
        if (result.IsPending) result = CompletePendingAsync().AsTask().GetAwaiter().GetResult();
        if (!result.IsOk) return false;
        var standIn = new EvictedObject(obj.Kind, imageKeyspace) { Keyspace = obj.Keyspace, Key = obj.Key, LastAccessTicks = obj.LastAccessTicks };
        return store.Objects.Replace(id, obj, standIn);
    }

    /// <summary>Deletes the image of a released collection (housekeeping).</summary>
    internal void DeleteImage(uint imageKeyspace, long id)
    {
        var result = Update(imageKeyspace, ImageKey(id), StoreOp.Delete, StoreFlags.None, 0, 0, default, null);
        if (result.IsPending) CompletePendingAsync().AsTask().GetAwaiter().GetResult();
    }

    private byte[]? ReadImage(uint imageKeyspace, long id)
    {
        var sink = new CapturingSink();
        int keyLength = PrepareKey(imageKeyspace, ImageKey(id));
        int inputLength = PrepareInput(StoreOp.Get, StoreFlags.None, NowMs, 0, -1, default);
        var output = RunRead(keyBuffer.AsSpan(0, keyLength), inputLength, sink, out bool pending);
        if (pending) output = CompleteBlocking();
        var result = Finish(new FollowUp(FollowUpKind.Read, sink, imageKeyspace, StoreOp.Get, 0, -1), output).AsTask().GetAwaiter().GetResult();
        return result.IsOk ? sink.Captured : null;
    }

    /// <summary>An image's key in the chunk keyspace: the object id and a marker byte (chunk keys are longer).</summary>
    private static byte[] ImageKey(long id)
    {
        var key = new byte[sizeof(long) + 1];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(key, id);
        key[^1] = (byte)'O';
        return key;
    }

    /// <summary>Whether a live key exists, waiting for the disk if needed (FLUSHDB's WATCH check; worker threads only).</summary>
    public bool KeyExistsBlocking(int db, byte[] key) => InspectBlocking(store.KeyspaceOf(db), key).Status == OpStatus.Ok;

    /// <summary>Marks the store changed (collection edits do not pass through the log).</summary>
    public void ObjectChanged() => store.MarkDirty(stripe);

    private StoreOutput InspectBlocking(uint keyspace, ReadOnlySpan<byte> key)
    {
        int keyLength = PrepareKey(keyspace, key);
        int inputLength = PrepareInput(StoreOp.Inspect, StoreFlags.None, NowMs, 0, 0, default);
        var output = RunRead(keyBuffer.AsSpan(0, keyLength), inputLength, null, out bool pending);
        if (pending) output = CompleteBlocking();
        if (output.OldExpired && output.Status == OpStatus.NotFound)
        {
            if (RemoveFoundExpired(keyLength, output).IsPending) CompleteBlocking();
        }
        return output;
    }

}
