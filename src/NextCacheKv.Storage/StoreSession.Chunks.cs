using System.Buffers;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Storage;

/// <summary>Large values: chunked writes, streamed reads, whole-value rewrites and copies.</summary>
public sealed partial class StoreSession
{
    /// <summary>
    /// Writes the chunks under a fresh blob id, then the manifest (followed by <paramref name="prefix"/>,
    /// the entry fields of a Next.js entry) under the key: the commit point.
    /// </summary>
    private async ValueTask<StoreResult> SetChunkedAsync(uint keyspace, byte[] key, ReadOnlyMemory<byte> prefix, ReadOnlySequence<byte> value, ValueKind kind,
        StoreFlags flags, long expiresAt, IValueSink? oldValueSink)
    {
        uint chunkKeyspace = Keyspaces.ChunkKeyspaceOf(keyspace);
        var manifest = ChunkManifest.For(NewBlobId(), value.Length, store.Options.ChunkBytes);
        for (int index = 0; index < manifest.ChunkCount; index++)
        {
            var chunk = value.Slice((long)index * manifest.ChunkSize, manifest.LengthOf(index));
            if (WriteChunk(chunkKeyspace, manifest.BlobId, index, chunk))
                await CompleteFasterAsync().ConfigureAwait(false);
        }
        var record = new byte[ChunkManifest.Size];
        manifest.Write(record);
        TrimScratch();
        int keyLength = PrepareKey(keyspace, key);
        int inputLength = PrepareInput(StoreOp.Set, flags, NowMs, expiresAt, Shape(ValueLayout.Chunked, kind), record, prefix.Span);
        var output = RunUpdate(keyBuffer.AsSpan(0, keyLength), inputLength, oldValueSink, Foreground, out bool pending);
        if (pending) output = await CompleteFasterAsync().ConfigureAwait(false);
        // NX/XX not met or an error: nobody references the new chunks.
        if (output.Status != OpStatus.Ok) store.Janitor.Release(chunkKeyspace, manifest, 0);
        return await Finish(new FollowUp(FollowUpKind.Update, oldValueSink, keyspace, StoreOp.Set, expiresAt, 0), output).ConfigureAwait(false);
    }

    /// <summary>Returns true when the write went pending.</summary>
    private bool WriteChunk(uint chunkKeyspace, long blobId, int index, in ReadOnlySequence<byte> bytes)
    {
        Span<byte> key = stackalloc byte[ChunkKeys.Length];
        ChunkKeys.Write(key, chunkKeyspace, blobId, index);
        int inputLength = StoreInput.HeaderSize + ValueHeader.Size + (int)bytes.Length;
        if (inputBuffer.Length < inputLength) inputBuffer = new byte[inputLength];
        StoreInput.WriteHeader(inputBuffer, StoreOp.SetRecord, StoreFlags.None, NowMs, 0, 0);
        ValueHeader.Write(inputBuffer.AsSpan(StoreInput.HeaderSize), ValueKind.String, 0);
        bytes.CopyTo(inputBuffer.AsSpan(StoreInput.HeaderSize + ValueHeader.Size));
        RunUpdate(key, inputLength, null, Foreground, out bool pending);
        store.CountChunkBytes(inputLength);
        return pending;
    }

    /// <summary>Streams bytes [offset, offset+count) of a chunked value to the sink as one value.</summary>
    private async ValueTask<StoreResult> StreamChunksAsync(uint chunkKeyspace, ChunkManifest manifest, IValueSink sink, long offset, long count, StoreResult result)
    {
        if (count == 0)
        {
            sink.Begin(0);
            sink.End();
            return result;
        }
        int first = (int)(offset / manifest.ChunkSize), last = (int)((offset + count - 1) / manifest.ChunkSize);
        var ranged = new RangeSink(sink, offset, count, (long)first * manifest.ChunkSize);
        ranged.Begin(manifest.Length);
        chunkPartSink.Outer = ranged;
        for (int index = first; index <= last; index++)
        {
            chunkPartSink.Reset();
            var output = ReadChunk(chunkKeyspace, manifest.BlobId, index, out bool pending);
            if (pending) output = await CompleteFasterAsync().ConfigureAwait(false);
            if (!output.ToResult().IsOk || !chunkPartSink.Wrote)
                throw new ChunkMissingException($"Chunk {index} of blob {manifest.BlobId:x} is gone; the value was replaced while being read.");
        }
        ranged.End();
        return result;
    }

    private StoreOutput ReadChunk(uint chunkKeyspace, long blobId, int index, out bool pending)
    {
        Span<byte> key = stackalloc byte[ChunkKeys.Length];
        ChunkKeys.Write(key, chunkKeyspace, blobId, index);
        int inputLength = PrepareInput(StoreOp.Get, StoreFlags.None, 0, 0, 0, default);
        return RunRead(key, inputLength, chunkPartSink, out pending);
    }

    /// <summary>Deletes the chunks of a released value (janitor work; runs on a worker thread).</summary>
    internal async ValueTask DeleteChunksAsync(uint chunkKeyspace, ChunkManifest manifest)
    {
        for (int index = 0; index < manifest.ChunkCount; index++)
        {
            if (DeleteChunk(chunkKeyspace, manifest.BlobId, index)) await CompleteFasterAsync().ConfigureAwait(false);
        }
    }

    private bool DeleteChunk(uint chunkKeyspace, long blobId, int index)
    {
        Span<byte> key = stackalloc byte[ChunkKeys.Length];
        ChunkKeys.Write(key, chunkKeyspace, blobId, index);
        int inputLength = PrepareInput(StoreOp.Delete, StoreFlags.None, NowMs, 0, 0, default);
        RunUpdate(key, inputLength, null, Foreground, out bool pending);
        return pending;
    }

    /// <summary>APPEND / SETRANGE on a value too large for one record: read it whole, change it, write it back.</summary>
    private async ValueTask<StoreResult> RewriteAsync(int db, byte[] key, long offset, byte[] bytes)
    {
        var current = new CapturingSink();
        var read = await ReadValueAsync(db, key, StoreOp.Get, current).ConfigureAwait(false);
        if (!read.IsOk && read.Status != OpStatus.NotFound) return read;
        byte[] old = current.Captured ?? [];
        long newLength = offset < 0 ? old.LongLength + bytes.Length : Math.Max(old.LongLength, offset + bytes.Length);
        if (newLength > store.Options.MaxValueBytes) return new StoreResult(OpStatus.TooLarge);
        var updated = new byte[newLength];
        old.CopyTo(updated, 0);
        bytes.CopyTo(updated, offset < 0 ? old.Length : offset);
        var write = await SetAsync(db, key, updated, StoreFlags.KeepTtl, 0).ConfigureAwait(false);
        return write.IsOk ? new StoreResult(OpStatus.Ok, newLength) : write;
    }

    private async ValueTask<StoreResult> CopyAsync(int sourceDb, byte[] sourceKey, int targetDb, byte[] targetKey, bool replace, bool deleteSource)
    {
        // The whole record, whatever its type; a chunked value's bytes are read from its chunks.
        var record = new CapturingSink();
        uint sourceKeyspace = store.KeyspaceOf(sourceDb);
        int keyLength = PrepareKey(sourceKeyspace, sourceKey);
        int inputLength = PrepareInput(StoreOp.GetRecord, StoreFlags.None, NowMs, 0, 0, default);
        var output = RunRead(keyBuffer.AsSpan(0, keyLength), inputLength, record, out bool pending);
        if (pending) output = await CompleteFasterAsync().ConfigureAwait(false);
        if (!output.ToResult().IsOk || record.Captured is null) return new StoreResult(OpStatus.NotFound);
        var flags = replace ? StoreFlags.None : StoreFlags.IfMissing;
        uint targetKeyspace = store.KeyspaceOf(targetDb);
        StoreResult write;
        if (ObjectStub.IsCollection(output.Kind))
        {
            return await CopyCollectionAsync(record.Captured, sourceKeyspace, sourceKey, targetKeyspace, targetKey, flags, deleteSource).ConfigureAwait(false);
        }
        if (!output.Manifest.IsValid)
        {
            write = await UpdateAsync(targetKeyspace, targetKey, StoreOp.SetRecord, flags, 0, 0, record.Captured).ConfigureAwait(false);
        }
        else
        {
            var value = new CapturingSink();
            await StreamChunksAsync(Keyspaces.ChunkKeyspaceOf(sourceKeyspace), output.Manifest, value, 0, output.Manifest.Length, default).ConfigureAwait(false);
            var stored = record.Captured;
            var prefix = stored.AsMemory(ValueHeader.Size + ChunkManifest.Size);
            write = await SetChunkedAsync(targetKeyspace, targetKey, prefix, new ReadOnlySequence<byte>(value.Captured ?? []), ValueHeader.Kind(stored), flags, ValueHeader.ExpiresAt(stored), null).ConfigureAwait(false);
        }
        if (!write.IsOk) return write;
        if (deleteSource) await UpdateAsync(sourceKeyspace, sourceKey, StoreOp.Delete, StoreFlags.None, 0, 0, default).ConfigureAwait(false);
        return write;
    }

    /// <summary>
    /// A collection's stub moves with its object (RENAME, MOVE: the source is removed without releasing
    /// the object), or names a deep copy of it (COPY).
    /// </summary>
    private async ValueTask<StoreResult> CopyCollectionAsync(byte[] stub, uint sourceKeyspace, byte[] sourceKey, uint targetKeyspace, byte[] targetKey, StoreFlags flags, bool deleteSource)
    {
        var objects = store.Objects;
        long id = ObjectStub.IdOf(stub);
        if (!objects.TryGet(id, out _)) return new StoreResult(OpStatus.NotFound);
        long written = id;
        if (!deleteSource)
        {
            CollectionObject copy;
            using (objects.Locks.Enter(sourceKey))
            {
                // The object now under the id (an eviction may have swapped it); an evicted one is read back first.
                if (!objects.TryGet(id, out var current) || Resident(id, current) is not { } resident) return new StoreResult(OpStatus.NotFound);
                copy = resident.Clone();
            }
            copy.Keyspace = targetKeyspace;
            copy.Key = targetKey;
            written = objects.Add(copy);
            stub = (byte[])stub.Clone();
            ObjectStub.WriteId(stub, written);
        }
        var write = await UpdateAsync(targetKeyspace, targetKey, StoreOp.SetRecord, flags, 0, 0, stub).ConfigureAwait(false);
        if (!write.IsOk)
        {
            if (written != id) objects.Release(written);
            return write;
        }
        if (deleteSource)
        {
            using (objects.Locks.EnterAll([sourceKey, targetKey]))
            {
                if (objects.TryGet(id, out var current))
                {
                    current.Keyspace = targetKeyspace;
                    current.Key = targetKey;
                }
            }
            await UpdateAsync(sourceKeyspace, sourceKey, StoreOp.Delete, StoreFlags.KeepObject, 0, 0, default).ConfigureAwait(false);
        }
        return write;
    }

    private static long NewBlobId()
    {
        long id;
        do id = Random.Shared.NextInt64(); while (id == 0);
        return id;
    }
}
