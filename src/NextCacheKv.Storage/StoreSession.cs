using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// One per connection, never used concurrently. Every call runs synchronously; when FASTER must read
/// from disk it returns <see cref="OpStatus.Pending"/> and the caller awaits <see cref="CompletePendingAsync"/>
/// before its next call, so replies stay in order and no thread ever blocks.
/// </summary>
public sealed class StoreSession : IDisposable
{
    private const long Foreground = 0;
    private const long Background = 1;
    private const int ScratchKeep = 64 * 1024;

    private readonly CacheStore store;
    private readonly ClientSession<SpanByte, SpanByte, SpanByte, StoreOutput, long, StoreFunctions> session;
    private byte[] keyBuffer = new byte[256];
    private byte[] inputBuffer = new byte[1024];
    private bool backgroundPending;
    /// <summary>Write-lock stripes of operations that went pending; their completion runs under these locks.</summary>
    private readonly List<int> pendingStripes = new(2);

    internal StoreSession(CacheStore store, ClientSession<SpanByte, SpanByte, SpanByte, StoreOutput, long, StoreFunctions> session)
    {
        this.store = store;
        this.session = session;
    }

    public CacheStore Store => store;

    public StoreResult Get(int db, ReadOnlySpan<byte> key, IValueSink sink) => Read(db, key, StoreOp.Get, StoreFlags.None, 0, 0, sink);

    /// <summary>The whole record, header included, for RENAME / COPY / MOVE.</summary>
    public StoreResult GetRecord(int db, ReadOnlySpan<byte> key, IValueSink sink) => Read(db, key, StoreOp.Get, StoreFlags.Raw, 0, 0, sink);

    public StoreResult GetRange(int db, ReadOnlySpan<byte> key, long start, long end, IValueSink sink) => Read(db, key, StoreOp.GetRange, StoreFlags.None, start, end, sink);

    public StoreResult StrLen(int db, ReadOnlySpan<byte> key) => Read(db, key, StoreOp.StrLen, StoreFlags.None, 0, 0, null);

    /// <summary>Type and absolute expiry (0 = none) of a key; NotFound when absent or expired.</summary>
    public StoreResult Inspect(int db, ReadOnlySpan<byte> key) => Read(db, key, StoreOp.Inspect, StoreFlags.None, 0, 0, null);

    /// <summary>SET: Integer is 1 when the key existed; the old value goes to <paramref name="oldValueSink"/> with ReturnOld.</summary>
    public StoreResult Set(int db, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, StoreFlags flags, long expiresAt, IValueSink? oldValueSink = null)
        => Update(db, key, StoreOp.Set, flags, expiresAt, 0, value, oldValueSink);

    public StoreResult SetRecord(int db, ReadOnlySpan<byte> key, ReadOnlySpan<byte> record, StoreFlags flags)
        => Update(db, key, StoreOp.SetRecord, flags, 0, 0, record, null);

    public StoreResult IncrBy(int db, ReadOnlySpan<byte> key, long delta) => Update(db, key, StoreOp.IncrBy, StoreFlags.None, delta, 0, default, null);

    public StoreResult IncrByFloat(int db, ReadOnlySpan<byte> key, double delta, IValueSink newValueSink)
        => Update(db, key, StoreOp.IncrByFloat, StoreFlags.None, BitConverter.DoubleToInt64Bits(delta), 0, default, newValueSink);

    public StoreResult Append(int db, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Update(db, key, StoreOp.Append, StoreFlags.None, 0, 0, value, null);

    public StoreResult SetRange(int db, ReadOnlySpan<byte> key, long offset, ReadOnlySpan<byte> value) => Update(db, key, StoreOp.SetRange, StoreFlags.None, offset, 0, value, null);

    /// <summary>Ok when a live key was removed, NotFound otherwise.</summary>
    public StoreResult Delete(int db, ReadOnlySpan<byte> key) => Update(db, key, StoreOp.Delete, StoreFlags.None, 0, 0, default, null);

    public StoreResult GetDel(int db, ReadOnlySpan<byte> key, IValueSink sink) => Update(db, key, StoreOp.GetDel, StoreFlags.None, 0, 0, default, sink);

    /// <summary>GETEX: keep the expiry, set it to <paramref name="expiresAt"/>, or persist.</summary>
    public StoreResult GetEx(int db, ReadOnlySpan<byte> key, ExpiryChange change, long expiresAt, IValueSink sink)
        => Update(db, key, StoreOp.GetEx, StoreFlags.None, expiresAt, (long)change, default, sink);

    /// <summary>EXPIRE family with NX/XX/GT/LT in <paramref name="condition"/>; a time in the past deletes.</summary>
    public StoreResult Expire(int db, ReadOnlySpan<byte> key, long expiresAt, StoreFlags condition)
        => Update(db, key, StoreOp.Expire, condition, expiresAt, 0, default, null);

    public StoreResult Persist(int db, ReadOnlySpan<byte> key) => Update(db, key, StoreOp.Persist, StoreFlags.None, 0, 0, default, null);

    /// <summary>Removes the key only if it has expired (lazy and active expiry).</summary>
    internal StoreResult DeleteIfExpired(ReadOnlySpan<byte> storeKey, long now)
    {
        int inputLength = PrepareInput(StoreOp.Delete, StoreFlags.OnlyExpired, now, 0, 0, default);
        return RunUpdate(storeKey, inputLength, null, Background);
    }

    /// <summary>Completes the operation that returned <see cref="OpStatus.Pending"/> and returns its result.</summary>
    public async ValueTask<StoreResult> CompletePendingAsync()
    {
        var result = new StoreResult(OpStatus.NotFound);
        while (true)
        {
            // Wait for the disk without holding anything, then finish the operations under their write locks.
            await session.ReadyToCompletePendingAsync().ConfigureAwait(false);
            bool done = CompletePendingLocked(ref result);
            if (done) break;
        }
        pendingStripes.Clear();
        backgroundPending = false;
        TrimScratch();
        return result;
    }

    private bool CompletePendingLocked(ref StoreResult result)
    {
        pendingStripes.Sort();
        int taken = 0;
        try
        {
            for (; taken < pendingStripes.Count; taken++)
                if (taken == 0 || pendingStripes[taken] != pendingStripes[taken - 1]) store.WriteLocks[pendingStripes[taken]].Enter();
            bool done = session.CompletePendingWithOutputs(out var outputs, wait: false);
            using (outputs)
            {
                while (outputs.Next())
                {
                    ref var completed = ref outputs.Current;
                    if (completed.Context == Foreground) result = completed.Output.ToResult();
                }
            }
            return done;
        }
        finally
        {
            for (int i = taken - 1; i >= 0; i--)
                if (i == 0 || pendingStripes[i] != pendingStripes[i - 1]) store.WriteLocks[pendingStripes[i]].Exit();
        }
    }

    public long NowMs => store.NowMs;

    private unsafe StoreResult Read(int db, ReadOnlySpan<byte> key, StoreOp op, StoreFlags flags, long arg1, long arg2, IValueSink? sink)
    {
        int keyLength = PrepareKey(store.KeyspaceOf(db), key);
        long now = store.NowMs;
        int inputLength = PrepareInput(op, flags, now, arg1, arg2, default);
        var output = new StoreOutput { Sink = sink, Status = OpStatus.NotFound };
        Status status;
        fixed (byte* k = keyBuffer)
        fixed (byte* i = inputBuffer)
        {
            var keySpan = SpanByte.FromPointer(k, keyLength);
            var inputSpan = SpanByte.FromPointer(i, inputLength);
            status = session.Read(ref keySpan, ref inputSpan, ref output, Foreground);
        }
        if (status.IsPending) return new StoreResult(OpStatus.Pending);
        if (output.OldExpired && !backgroundPending)
        {
            // Lazy expiry, like Redis: a read that finds an expired key removes it.
            var deleted = DeleteIfExpired(keyBuffer.AsSpan(0, keyLength), now);
            backgroundPending = deleted.IsPending;
        }
        return output.ToResult();
    }

    private StoreResult Update(int db, ReadOnlySpan<byte> key, StoreOp op, StoreFlags flags, long arg1, long arg2, ReadOnlySpan<byte> payload, IValueSink? sink)
    {
        if ((long)key.Length + payload.Length + ValueHeader.Size + 64 > store.MaxRecordBytes) return new StoreResult(OpStatus.TooLarge);
        int keyLength = PrepareKey(store.KeyspaceOf(db), key);
        int inputLength = PrepareInput(op, flags, store.NowMs, arg1, arg2, payload);
        var result = RunUpdate(keyBuffer.AsSpan(0, keyLength), inputLength, sink, Foreground);
        if (payload.Length > ScratchKeep && !result.IsPending) TrimScratch();
        return result;
    }

    private unsafe StoreResult RunUpdate(ReadOnlySpan<byte> storeKey, int inputLength, IValueSink? sink, long context)
    {
        var output = new StoreOutput { Sink = sink, Status = OpStatus.NotFound };
        Status status;
        int stripe = store.WriteLocks.StripeOf(storeKey);
        fixed (byte* k = storeKey)
        fixed (byte* i = inputBuffer)
        {
            var keySpan = SpanByte.FromPointer(k, storeKey.Length);
            var inputSpan = SpanByte.FromPointer(i, inputLength);
            lock (store.WriteLocks[stripe])
                status = session.RMW(ref keySpan, ref inputSpan, ref output, context);
        }
        if (status.IsPending)
        {
            pendingStripes.Add(stripe);
            return new StoreResult(OpStatus.Pending);
        }
        if (output.Status == OpStatus.Ok) store.MarkDirty();
        return output.ToResult();
    }

    private int PrepareKey(uint keyspace, ReadOnlySpan<byte> key)
    {
        int length = sizeof(uint) + key.Length;
        if (keyBuffer.Length < length) keyBuffer = new byte[Math.Max(length, keyBuffer.Length * 2)];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(keyBuffer, keyspace);
        key.CopyTo(keyBuffer.AsSpan(sizeof(uint)));
        return length;
    }

    private int PrepareInput(StoreOp op, StoreFlags flags, long now, long arg1, long arg2, ReadOnlySpan<byte> payload)
    {
        int length = StoreInput.HeaderSize + payload.Length;
        if (inputBuffer.Length < length) inputBuffer = new byte[Math.Max(length, inputBuffer.Length * 2)];
        StoreInput.WriteHeader(inputBuffer, op, flags, now, arg1, arg2);
        payload.CopyTo(inputBuffer.AsSpan(StoreInput.HeaderSize));
        return length;
    }

    /// <summary>A large value grows the scratch buffers; give that memory back once it is no longer needed.</summary>
    private void TrimScratch()
    {
        if (inputBuffer.Length > ScratchKeep) inputBuffer = new byte[1024];
        if (keyBuffer.Length > ScratchKeep) keyBuffer = new byte[256];
    }

    /// <summary>
    /// Visits live keys of <paramref name="db"/> from log address <paramref name="cursor"/> (0 = start),
    /// examining at most <paramref name="maxRecords"/> records. Returns the next cursor, 0 when done.
    /// Blocks on disk reads: call it from a worker thread.
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

    internal ClientSession<SpanByte, SpanByte, SpanByte, StoreOutput, long, StoreFunctions> Raw => session;

    public void Dispose() => session.Dispose();
}
