using System.Buffers;
using System.Buffers.Binary;
using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// One per connection, never used concurrently. Every call runs synchronously; when FASTER must read
/// from disk (or a chunked value needs several reads) it returns <see cref="OpStatus.Pending"/> and the
/// caller awaits <see cref="CompletePendingAsync"/> before its next call, so replies stay in order and
/// no thread ever blocks.
/// </summary>
public sealed partial class StoreSession : IDisposable
{
    private const long Foreground = 0;
    private const long Background = 1;
    private const int ScratchKeep = 64 * 1024;
    /// <summary>From this size a written value is copied once, from the caller's memory into the record (see <see cref="StoreInput"/>).</summary>
    private const int ByReferenceBytes = 4096;

    private static int sessionsOpened;
    private readonly CacheStore store;
    /// <summary>This session's slot in the store's change counter.</summary>
    private readonly int stripe = Interlocked.Increment(ref sessionsOpened);
    private readonly ClientSession<SpanByte, SpanByte, SpanByte, StoreOutput, long, StoreFunctions> session;
    private readonly ChunkPartSink chunkPartSink = new();
    private byte[] keyBuffer = new byte[256];
    private byte[] inputBuffer = new byte[1024];
    private bool backgroundPending;
    /// <summary>Write-lock stripes of operations that went pending; their completion runs under these locks.</summary>
    private readonly List<int> pendingStripes = new(2);
    /// <summary>What to do with the output of the FASTER operation that went pending.</summary>
    private FollowUp followUp;
    /// <summary>Multi-step work (chunk streaming, large writes) that had to wait for the disk.</summary>
    private ValueTask<StoreResult>? continuation;
    /// <summary>Payload parts of by-reference writes: of the one running, and of one that went pending until it completes.</summary>
    private readonly List<MemoryHandle> pendingPins = new(2);
    private bool commandScoped;
    private long commandNow;

    internal StoreSession(CacheStore store, ClientSession<SpanByte, SpanByte, SpanByte, StoreOutput, long, StoreFunctions> session)
    {
        this.store = store;
        this.session = session;
    }

    public CacheStore Store => store;

    /// <summary>
    /// "Now" for this session's operations. A connection's session takes Redis's command time snapshot: after
    /// <see cref="BeginCommand"/>, the clock is read once, when first needed, and every later operation of the
    /// command (its writes, its expiry arithmetic, the commands of its script or transaction) sees that time.
    /// Other sessions (background work) read the clock each time.
    /// </summary>
    public long NowMs => commandScoped ? (commandNow != 0 ? commandNow : commandNow = store.NowMs) : store.NowMs;

    /// <summary>
    /// "Now" for an operation that reads the clock only if it needs the time (a key with a TTL, SET with EX…):
    /// the command's time once known, else <see cref="StoreInput.ClockWhenNeeded"/>. A clock read is 3–4 % of a
    /// pipelined SET's CPU; a plain SET over a key without a TTL never needs one.
    /// </summary>
    private long LazyNow => commandNow != 0 ? commandNow : StoreInput.ClockWhenNeeded;

    /// <summary>
    /// After an operation ran with <see cref="LazyNow"/>: the time it read, if it read one, becomes the command's,
    /// so the rest of the command (a script, a transaction, MSET's other keys) sees the same instant.
    /// </summary>
    private void AdoptOperationTime()
    {
        if (!commandScoped || commandNow != 0) return;
        long now = StoreInput.Now(inputBuffer);
        if (now != StoreInput.ClockWhenNeeded) commandNow = now;
    }

    /// <summary>Starts a command (or resumes one that waited, as for a blocked pop): the next operation reads the clock afresh.</summary>
    public void BeginCommand()
    {
        commandScoped = true;
        commandNow = 0;
    }

    /// <summary>
    /// Warms the CPU cache for the keys a pipelined batch is about to use (ranges of <paramref name="buffer"/>,
    /// at most 64): a hint with no effect on results.
    /// </summary>
    public void Prefetch(int db, ReadOnlySpan<byte> buffer, ReadOnlySpan<Range> keys)
        => store.Prefetcher.Prefetch(store.KeyspaceOf(db), buffer, keys);

    /// <summary>
    /// The same warming for one key, in two steps, so a caller with many connections can overlap the misses of
    /// all of them: this prefetches the key's hash bucket and returns a token for <see cref="PrefetchRecord"/>.
    /// Touches no session state, so it may run while the session's own command is elsewhere.
    /// </summary>
    public long PrefetchBucket(int db, ReadOnlySpan<byte> key) => store.Prefetcher.PrefetchBucket(store.KeyspaceOf(db), key);

    /// <summary>Second step of <see cref="PrefetchBucket"/>: the record the bucket points to.</summary>
    public void PrefetchRecord(long token) => store.Prefetcher.PrefetchRecord(token);

    public StoreResult Get(int db, ReadOnlySpan<byte> key, IValueSink sink) => ReadValue(db, key, StoreOp.Get, 0, -1, sink);

    public StoreResult GetRange(int db, ReadOnlySpan<byte> key, long start, long end, IValueSink sink) => ReadValue(db, key, StoreOp.GetRange, start, end, sink);

    public StoreResult StrLen(int db, ReadOnlySpan<byte> key) => ReadValue(db, key, StoreOp.StrLen, 0, 0, null);

    /// <summary>Type and absolute expiry (0 = none) of a key; NotFound when absent or expired.</summary>
    public StoreResult Inspect(int db, ReadOnlySpan<byte> key) => ReadValue(db, key, StoreOp.Inspect, 0, 0, null);

    /// <summary>
    /// SET: Integer is 1 when the key existed; with ReturnOld the old value goes to <paramref name="oldValueSink"/>.
    /// Values above <see cref="StoreOptions.ChunkBytes"/> are written as chunks and then a manifest.
    /// </summary>
    public StoreResult Set(int db, ReadOnlySpan<byte> key, ReadOnlyMemory<byte> value, StoreFlags flags, long expiresAt, IValueSink? oldValueSink = null)
    {
        // A short value (almost every SET) skips building a sequence: that and reading its first span back
        // cost two type checks on the memory's owner, 1-2 % of a pipelined SET.
        if (IsCopiedThroughInput(value.Length)) return SetCopied(store.KeyspaceOf(db), key, value.Span, flags, expiresAt, oldValueSink);
        return Set(db, key, new ReadOnlySequence<byte>(value), flags, expiresAt, oldValueSink);
    }

    /// <summary>
    /// SET of a value where the request's buffers hold it, in several segments when it straddled them. The
    /// memory must stay valid and unchanged until the operation completes (a pending one included).
    /// </summary>
    public StoreResult Set(int db, ReadOnlySpan<byte> key, in ReadOnlySequence<byte> value, StoreFlags flags, long expiresAt, IValueSink? oldValueSink = null)
    {
        uint keyspace = store.KeyspaceOf(db);
        if (value.Length > store.Options.MaxValueBytes) return new StoreResult(OpStatus.TooLarge);
        if (value.Length > store.Options.ChunkBytes)
            return Defer(SetChunkedAsync(keyspace, key.ToArray(), default, value, ValueKind.String, flags, expiresAt, oldValueSink));
        if (!IsCopiedThroughInput(value.Length) || !value.IsSingleSegment)
            return UpdateByReference(keyspace, key, StoreOp.Set, flags, expiresAt, Shape(ValueLayout.Inline, ValueKind.String), default, value, oldValueSink);
        return SetCopied(keyspace, key, value.FirstSpan, flags, expiresAt, oldValueSink);
    }

    /// <summary>Whether a SET value that lies in one piece is copied into the input (short, unchunked) rather than passed by reference.</summary>
    private bool IsCopiedThroughInput(long length)
        => length < ByReferenceBytes && length <= store.Options.ChunkBytes && length <= store.Options.MaxValueBytes;

    private StoreResult SetCopied(uint keyspace, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, StoreFlags flags, long expiresAt, IValueSink? oldValueSink)
        => Update(keyspace, key, StoreOp.Set, flags, expiresAt, Shape(ValueLayout.Inline, ValueKind.String), value, oldValueSink);

    /// <summary>
    /// NEXTSET: stores a Next.js entry (value, handler metadata, tags, timestamp). Its TTL is capped at
    /// <see cref="StoreOptions.MaxEntryLifetime"/>, which is what bounds how long tag records are kept.
    /// </summary>
    public StoreResult NextSet(int db, ReadOnlySpan<byte> key, ReadOnlyMemory<byte> value, double timestamp, ReadOnlySpan<byte> meta,
        IReadOnlyList<ReadOnlyMemory<byte>> tags, StoreFlags flags, long expiresAt)
        => NextSet(db, key, new ReadOnlySequence<byte>(value), timestamp, meta, tags, flags, expiresAt);

    /// <summary>NEXTSET of a value where the request's buffers hold it (see the SET overload taking a sequence).</summary>
    public StoreResult NextSet(int db, ReadOnlySpan<byte> key, in ReadOnlySequence<byte> value, double timestamp, ReadOnlySpan<byte> meta,
        IReadOnlyList<ReadOnlyMemory<byte>> tags, StoreFlags flags, long expiresAt)
    {
        uint keyspace = store.KeyspaceOf(db);
        long latest = NowMs + (long)store.Options.MaxEntryLifetime.TotalMilliseconds;
        if (expiresAt == 0 || expiresAt > latest) expiresAt = latest;
        var prefix = new byte[NextEntryFormat.PrefixSize(meta.Length, TagList.SizeOf(tags))];
        NextEntryFormat.WritePrefix(prefix, timestamp, meta, tags);
        if ((long)value.Length + prefix.Length > store.Options.MaxValueBytes) return new StoreResult(OpStatus.TooLarge);
        if (value.Length + prefix.Length > store.Options.ChunkBytes)
            return Defer(SetChunkedAsync(keyspace, key.ToArray(), prefix, value, ValueKind.NextEntry, flags, expiresAt, null));
        if (value.Length >= ByReferenceBytes || !value.IsSingleSegment)
            return UpdateByReference(keyspace, key, StoreOp.Set, flags, expiresAt, Shape(ValueLayout.Inline, ValueKind.NextEntry), prefix, value, null);
        return Update(keyspace, key, StoreOp.Set, flags, expiresAt, Shape(ValueLayout.Inline, ValueKind.NextEntry), prefix, null, value.FirstSpan);
    }

    /// <summary>
    /// NEXTGET: the entry's header then its value go to <paramref name="sink"/>, unless a tag of the entry or
    /// of <paramref name="encodedSoftTags"/> (a <see cref="TagList"/>) expired it: then NotFound, and it is reclaimed.
    /// </summary>
    public StoreResult NextGet(int db, ReadOnlySpan<byte> key, ReadOnlySpan<byte> encodedSoftTags, IEntrySink sink)
        => ReadValue(db, key, StoreOp.NextGet, 0, 0, sink, encodedSoftTags);

    /// <summary>Arg2 of a Set: layout in the low byte, type in the next.</summary>
    private static long Shape(ValueLayout layout, ValueKind kind) => (long)layout | ((long)kind << 8);

    /// <summary>SET for multi-step flows inside the session (never touches the parked-work fields).</summary>
    private ValueTask<StoreResult> SetAsync(int db, byte[] key, ReadOnlyMemory<byte> value, StoreFlags flags, long expiresAt)
    {
        uint keyspace = store.KeyspaceOf(db);
        if (value.Length > store.Options.MaxValueBytes) return new(new StoreResult(OpStatus.TooLarge));
        if (value.Length > store.Options.ChunkBytes) return SetChunkedAsync(keyspace, key, default, new ReadOnlySequence<byte>(value), ValueKind.String, flags, expiresAt, null);
        return UpdateAsync(keyspace, key, StoreOp.Set, flags, expiresAt, Shape(ValueLayout.Inline, ValueKind.String), value);
    }

    public StoreResult IncrBy(int db, ReadOnlySpan<byte> key, long delta) => Update(store.KeyspaceOf(db), key, StoreOp.IncrBy, StoreFlags.None, delta, 0, default, null);

    /// <summary>INCRBYFLOAT with the increment as text (parsed as a long double, like Redis); the new value goes to the sink.</summary>
    public StoreResult IncrByFloat(int db, ReadOnlySpan<byte> key, ReadOnlySpan<byte> increment, IValueSink newValueSink)
        => Update(store.KeyspaceOf(db), key, StoreOp.IncrByFloat, StoreFlags.None, 0, 0, increment, newValueSink);

    public StoreResult Append(int db, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var result = Update(store.KeyspaceOf(db), key, StoreOp.Append, StoreFlags.None, 0, 0, value, null);
        return result.Status == OpStatus.NeedsRewrite ? Defer(RewriteAsync(db, key.ToArray(), -1, value.ToArray())) : result;
    }

    public StoreResult SetRange(int db, ReadOnlySpan<byte> key, long offset, ReadOnlySpan<byte> value)
    {
        var result = Update(store.KeyspaceOf(db), key, StoreOp.SetRange, StoreFlags.None, offset, 0, value, null);
        return result.Status == OpStatus.NeedsRewrite ? Defer(RewriteAsync(db, key.ToArray(), offset, value.ToArray())) : result;
    }

    /// <summary>Ok when a live key was removed, NotFound otherwise.</summary>
    public StoreResult Delete(int db, ReadOnlySpan<byte> key) => Update(store.KeyspaceOf(db), key, StoreOp.Delete, StoreFlags.None, 0, 0, default, null);

    public StoreResult GetDel(int db, ReadOnlySpan<byte> key, IValueSink sink) => Update(store.KeyspaceOf(db), key, StoreOp.GetDel, StoreFlags.None, 0, 0, default, sink);

    /// <summary>GETEX: keep the expiry, set it to <paramref name="expiresAt"/>, or persist.</summary>
    public StoreResult GetEx(int db, ReadOnlySpan<byte> key, ExpiryChange change, long expiresAt, IValueSink sink)
        => Update(store.KeyspaceOf(db), key, StoreOp.GetEx, StoreFlags.None, expiresAt, (long)change, default, sink);

    /// <summary>EXPIRE family with NX/XX/GT/LT in <paramref name="condition"/>; a time in the past deletes.</summary>
    public StoreResult Expire(int db, ReadOnlySpan<byte> key, long expiresAt, StoreFlags condition)
        => Update(store.KeyspaceOf(db), key, StoreOp.Expire, condition, expiresAt, 0, default, null);

    public StoreResult Persist(int db, ReadOnlySpan<byte> key) => Update(store.KeyspaceOf(db), key, StoreOp.Persist, StoreFlags.None, 0, 0, default, null);

    /// <summary>
    /// COPY / RENAME / MOVE: writes the source's value and expiry under the target, then, when
    /// <paramref name="deleteSource"/>, removes the source. Ok = copied, NotPerformed = target exists
    /// (without <paramref name="replace"/>), NotFound = no source.
    /// </summary>
    public StoreResult Copy(int sourceDb, ReadOnlySpan<byte> sourceKey, int targetDb, ReadOnlySpan<byte> targetKey, bool replace, bool deleteSource)
        => Defer(CopyAsync(sourceDb, sourceKey.ToArray(), targetDb, targetKey.ToArray(), replace, deleteSource));

    /// <summary>Completes the operation that returned <see cref="OpStatus.Pending"/> and returns its result.</summary>
    public async ValueTask<StoreResult> CompletePendingAsync()
    {
        StoreResult result;
        if (continuation is { } running)
        {
            continuation = null;
            result = await running.ConfigureAwait(false);
        }
        else
        {
            var output = await CompleteFasterAsync().ConfigureAwait(false);
            var next = followUp;
            followUp = default;
            result = await Finish(next, output).ConfigureAwait(false);
        }
        TrimScratch();
        return result;
    }

    /// <summary>Runs async work; if it finished synchronously return its result, else park it.</summary>
    private StoreResult Defer(ValueTask<StoreResult> work)
    {
        if (work.IsCompletedSuccessfully) return work.Result;
        continuation = work;
        return new StoreResult(OpStatus.Pending);
    }

    private StoreResult ReadValue(int db, ReadOnlySpan<byte> key, StoreOp op, long arg1, long arg2, IValueSink? sink, ReadOnlySpan<byte> payload = default)
    {
        uint keyspace = store.KeyspaceOf(db);
        int keyLength = PrepareKey(keyspace, key);
        int inputLength = PrepareInput(op, StoreFlags.None, LazyNow, arg1, arg2, payload);
        var output = RunRead(keyBuffer.AsSpan(0, keyLength), inputLength, sink, out bool pending);
        AdoptOperationTime();
        if (!pending && output.OldExpired && !backgroundPending)
        {
            // Lazy expiry, like Redis: a read that finds an expired key (or an entry its tags expired) removes it.
            backgroundPending = RemoveFoundExpired(keyLength, output).IsPending;
        }
        return Settle(new FollowUp(FollowUpKind.Read, sink, keyspace, op, arg1, arg2), output, pending);
    }

    /// <summary>A read for multi-step flows inside the session.</summary>
    private async ValueTask<StoreResult> ReadValueAsync(int db, byte[] key, StoreOp op, IValueSink? sink)
    {
        uint keyspace = store.KeyspaceOf(db);
        int keyLength = PrepareKey(keyspace, key);
        int inputLength = PrepareInput(op, StoreFlags.None, NowMs, 0, -1, default);
        var output = RunRead(keyBuffer.AsSpan(0, keyLength), inputLength, sink, out bool pending);
        if (pending) output = await CompleteFasterAsync().ConfigureAwait(false);
        return await Finish(new FollowUp(FollowUpKind.Read, sink, keyspace, op, 0, -1), output).ConfigureAwait(false);
    }

    private StoreResult Update(uint keyspace, ReadOnlySpan<byte> key, StoreOp op, StoreFlags flags, long arg1, long arg2, ReadOnlySpan<byte> payload, IValueSink? sink, ReadOnlySpan<byte> morePayload = default)
    {
        if ((long)key.Length + payload.Length + morePayload.Length + ValueHeader.Size + 64 > store.MaxRecordBytes) return new StoreResult(OpStatus.TooLarge);
        int keyLength = PrepareKey(keyspace, key);
        int inputLength = PrepareInput(op, flags, LazyNow, arg1, arg2, payload, morePayload);
        var output = RunUpdate(keyBuffer.AsSpan(0, keyLength), inputLength, sink, Foreground, out bool pending);
        AdoptOperationTime();
        if (!pending && payload.Length > ScratchKeep) TrimScratch();
        return Settle(new FollowUp(FollowUpKind.Update, sink, keyspace, op, arg1, arg2), output, pending);
    }

    /// <summary>
    /// <see cref="Update"/> for a payload of <paramref name="prefix"/> then <paramref name="value"/> that stays valid
    /// until the operation completes (a connection's request buffers do): each part is pinned, and the record
    /// is built straight from them.
    /// </summary>
    private unsafe StoreResult UpdateByReference(uint keyspace, ReadOnlySpan<byte> key, StoreOp op, StoreFlags flags, long arg1, long arg2,
        ReadOnlyMemory<byte> prefix, in ReadOnlySequence<byte> value, IValueSink? sink)
    {
        if (key.Length + prefix.Length + value.Length + ValueHeader.Size + 64 > store.MaxRecordBytes) return new StoreResult(OpStatus.TooLarge);
        int keyLength = PrepareKey(keyspace, key);
        int parts = prefix.IsEmpty ? 0 : 1;
        foreach (var segment in value)
            if (!segment.IsEmpty) parts++;
        int inputLength = StoreInput.ReferenceSize(parts);
        if (inputBuffer.Length < inputLength) inputBuffer = new byte[Math.Max(inputLength, inputBuffer.Length * 2)];
        StoreInput.WriteByReference(inputBuffer, op, flags, LazyNow, arg1, arg2, parts);
        int part = 0;
        bool pending = false;
        StoreOutput output;
        try
        {
            if (!prefix.IsEmpty) Pin(prefix, part++);
            foreach (var segment in value)
                if (!segment.IsEmpty) Pin(segment, part++);
            output = RunUpdate(keyBuffer.AsSpan(0, keyLength), inputLength, sink, Foreground, out pending);
            AdoptOperationTime();
        }
        finally
        {
            // A pending write keeps its parts pinned: FASTER holds a copy of the input, addresses included, until the disk answers.
            if (!pending) ReleasePins(pendingPins.Count - part);
        }
        return Settle(new FollowUp(FollowUpKind.Update, sink, keyspace, op, arg1, arg2), output, pending);
    }

    /// <summary>What a foreground operation returns: its result now, or Pending with <paramref name="follow"/> parked for <see cref="CompletePendingAsync"/>.</summary>
    private StoreResult Settle(in FollowUp follow, in StoreOutput output, bool pending)
    {
        if (!pending) return Defer(Finish(follow, output));
        followUp = follow;
        return new StoreResult(OpStatus.Pending);
    }

    private unsafe void Pin(ReadOnlyMemory<byte> part, int index)
    {
        var handle = part.Pin();
        pendingPins.Add(handle);
        StoreInput.WritePart(inputBuffer, index, (byte*)handle.Pointer, part.Length);
    }

    /// <summary>Unpins the parts from <paramref name="from"/> on (all of them once the session's pending work is done).</summary>
    private void ReleasePins(int from = 0)
    {
        for (int i = from; i < pendingPins.Count; i++) pendingPins[i].Dispose();
        pendingPins.RemoveRange(from, pendingPins.Count - from);
    }

    /// <summary>An update for multi-step flows inside the session.</summary>
    private async ValueTask<StoreResult> UpdateAsync(uint keyspace, byte[] key, StoreOp op, StoreFlags flags, long arg1, long arg2, ReadOnlyMemory<byte> payload)
    {
        if ((long)key.Length + payload.Length + ValueHeader.Size + 64 > store.MaxRecordBytes) return new StoreResult(OpStatus.TooLarge);
        int keyLength = PrepareKey(keyspace, key);
        int inputLength = PrepareInput(op, flags, NowMs, arg1, arg2, payload.Span);
        var output = RunUpdate(keyBuffer.AsSpan(0, keyLength), inputLength, null, Foreground, out bool pending);
        if (pending) output = await CompleteFasterAsync().ConfigureAwait(false);
        return await Finish(new FollowUp(FollowUpKind.Update, null, keyspace, op, arg1, arg2), output).ConfigureAwait(false);
    }

    /// <summary>Lazy expiry of the key in the key buffer that a read found expired, or dead by its tags.</summary>
    private StoreResult RemoveFoundExpired(int keyLength, in StoreOutput output) => output.TagDead
        ? ReclaimEntry(keyBuffer.AsSpan(0, keyLength), output.Integer)
        : DeleteIfExpired(keyBuffer.AsSpan(0, keyLength), NowMs);

    /// <summary>Removes the key only if it has expired (lazy and active expiry).</summary>
    internal StoreResult DeleteIfExpired(ReadOnlySpan<byte> storeKey, long now)
    {
        int inputLength = PrepareInput(StoreOp.Delete, StoreFlags.OnlyExpired, now, 0, 0, default);
        var output = RunUpdate(storeKey, inputLength, null, Background, out bool pending);
        if (pending) return new StoreResult(OpStatus.Pending);
        ReleaseGarbage(KeyCounts.KeyspaceOf(storeKey), output);
        if (output.OldExpired) store.RaiseExpired(storeKey);
        return output.ToResult();
    }

    /// <summary>Deletes a Next.js entry found dead by its tags, if it is still the one with that timestamp.</summary>
    internal StoreResult ReclaimEntry(ReadOnlySpan<byte> storeKey, long timestampBits)
    {
        int inputLength = PrepareInput(StoreOp.ReclaimEntry, StoreFlags.None, NowMs, timestampBits, 0, default);
        var output = RunUpdate(storeKey, inputLength, null, Background, out bool pending);
        if (pending) return new StoreResult(OpStatus.Pending);
        ReleaseGarbage(KeyCounts.KeyspaceOf(storeKey), output);
        return output.ToResult();
    }

    /// <summary>Turns a completed FASTER output into the result, streaming or releasing chunks as needed.</summary>
    private ValueTask<StoreResult> Finish(in FollowUp follow, in StoreOutput output)
    {
        var result = output.ToResult();
        if (follow.Kind == FollowUpKind.Update) ReleaseGarbage(follow.Keyspace, output);
        if (follow.Kind == FollowUpKind.None || !output.Manifest.IsValid) return new(result);
        uint chunkKeyspace = Keyspaces.ChunkKeyspaceOf(follow.Keyspace);
        if (follow.Kind == FollowUpKind.Read)
        {
            if (follow.Op is not (StoreOp.Get or StoreOp.GetRange or StoreOp.NextGet) || !result.IsOk || follow.Sink is null) return new(result);
            var (offset, count) = follow.Op == StoreOp.GetRange ? ByteRange.Resolve(output.Manifest.Length, follow.Arg1, follow.Arg2) : (0, output.Manifest.Length);
            return StreamChunksAsync(chunkKeyspace, output.Manifest, follow.Sink, offset, count, result);
        }
        bool returnsOld = follow.Sink is not null && !output.OldExpired && result.Status is OpStatus.Ok or OpStatus.NotPerformed
            && follow.Op is StoreOp.Set or StoreOp.GetDel or StoreOp.GetEx;
        return returnsOld ? StreamChunksAsync(chunkKeyspace, output.Manifest, follow.Sink!, 0, output.Manifest.Length, result) : new(result);
    }

    /// <summary>Frees what an RMW made garbage: a chunked value's chunks, a collection's object.</summary>
    private void ReleaseGarbage(uint keyspace, in StoreOutput output)
    {
        if (output.ObjectReleased) store.Objects.Release(output.ObjectId);
        if (output.ManifestReleased && output.Manifest.IsValid)
            store.Janitor.Release(Keyspaces.ChunkKeyspaceOf(keyspace), output.Manifest, store.NowMs + (long)store.Options.ChunkGracePeriod.TotalMilliseconds);
    }

    private unsafe StoreOutput RunRead(ReadOnlySpan<byte> storeKey, int inputLength, IValueSink? sink, out bool pending)
    {
        var output = new StoreOutput { Sink = sink, Status = OpStatus.NotFound };
        Status status;
        fixed (byte* k = storeKey)
        fixed (byte* i = inputBuffer)
        {
            var keySpan = SpanByte.FromPointer(k, storeKey.Length);
            var inputSpan = SpanByte.FromPointer(i, inputLength);
            status = session.Read(ref keySpan, ref inputSpan, ref output, Foreground);
        }
        pending = status.IsPending;
        return output;
    }

    private unsafe StoreOutput RunUpdate(ReadOnlySpan<byte> storeKey, int inputLength, IValueSink? sink, long context, out bool pending)
    {
        var output = new StoreOutput { Sink = sink, Status = OpStatus.NotFound };
        Status status;
        long hash = FasterInternals.HashOf(storeKey);
        int stripe = store.WriteLocks.StripeOfHash(hash);
        // FASTER is handed the hash the stripe needed, rather than hashing the key a second time.
        var options = FasterInternals.RmwOptionsWithHash(hash);
        store.CheckpointGate.WaitIfFar(store.Kv);
        fixed (byte* k = storeKey)
        fixed (byte* i = inputBuffer)
        {
            var keySpan = SpanByte.FromPointer(k, storeKey.Length);
            var inputSpan = SpanByte.FromPointer(i, inputLength);
            lock (store.WriteLocks[stripe])
                status = session.RMW(ref keySpan, ref inputSpan, ref output, ref options, context);
        }
        pending = status.IsPending;
        if (pending) pendingStripes.Add(stripe);
        else if (output.Status == OpStatus.Ok) store.MarkDirty(stripe);
        // A write that met an expired key removed or replaced it: that is an expiry too (background callers report their own).
        if (!pending && context == Foreground && output.OldExpired) store.RaiseExpired(storeKey);
        return output;
    }

    /// <summary>Waits for the disk, then completes pending operations under their write locks; returns the foreground output.</summary>
    private async ValueTask<StoreOutput> CompleteFasterAsync()
    {
        var result = new StoreOutput { Status = OpStatus.NotFound };
        while (true)
        {
            await session.ReadyToCompletePendingAsync().ConfigureAwait(false);
            if (CompletePendingLocked(ref result, wait: false)) break;
        }
        return EndCompletion(result);
    }

    /// <summary>Completes pending operations waiting for the disk on this thread (callers under a key's lock).</summary>
    private StoreOutput CompleteBlocking()
    {
        var result = new StoreOutput { Status = OpStatus.NotFound };
        while (!CompletePendingLocked(ref result, wait: true)) { }
        return EndCompletion(result);
    }

    private StoreOutput EndCompletion(in StoreOutput result)
    {
        pendingStripes.Clear();
        ReleasePins();
        backgroundPending = false;
        if (result.Status == OpStatus.Ok) store.MarkDirty(stripe);
        return result;
    }

    private bool CompletePendingLocked(ref StoreOutput result, bool wait)
    {
        pendingStripes.Sort();
        int taken = 0;
        try
        {
            for (; taken < pendingStripes.Count; taken++)
                if (taken == 0 || pendingStripes[taken] != pendingStripes[taken - 1]) store.WriteLocks[pendingStripes[taken]].Enter();
            bool done = session.CompletePendingWithOutputs(out var outputs, wait);
            using (outputs)
            {
                while (outputs.Next())
                {
                    ref var completed = ref outputs.Current;
                    if (completed.Context == Foreground) result = completed.Output;
                    else
                    {
                        var storeKey = completed.Key.AsReadOnlySpan();
                        ReleaseGarbage(KeyCounts.KeyspaceOf(storeKey), completed.Output);
                        if (completed.Output.OldExpired) store.RaiseExpired(storeKey);
                    }
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

    private int PrepareKey(uint keyspace, ReadOnlySpan<byte> key)
    {
        int length = sizeof(uint) + key.Length;
        if (keyBuffer.Length < length) keyBuffer = new byte[Math.Max(length, keyBuffer.Length * 2)];
        BinaryPrimitives.WriteUInt32LittleEndian(keyBuffer, keyspace);
        key.CopyTo(keyBuffer.AsSpan(sizeof(uint)));
        return length;
    }

    private int PrepareInput(StoreOp op, StoreFlags flags, long now, long arg1, long arg2, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> morePayload = default)
    {
        int length = StoreInput.HeaderSize + payload.Length + morePayload.Length;
        if (inputBuffer.Length < length) inputBuffer = new byte[Math.Max(length, inputBuffer.Length * 2)];
        StoreInput.WriteHeader(inputBuffer, op, flags, now, arg1, arg2);
        payload.CopyTo(inputBuffer.AsSpan(StoreInput.HeaderSize));
        morePayload.CopyTo(inputBuffer.AsSpan(StoreInput.HeaderSize + payload.Length));
        return length;
    }

    /// <summary>A large value grows the scratch buffers; give that memory back once it is no longer needed.</summary>
    private void TrimScratch()
    {
        if (inputBuffer.Length > ScratchKeep) inputBuffer = new byte[1024];
        if (keyBuffer.Length > ScratchKeep) keyBuffer = new byte[256];
    }

    internal ClientSession<SpanByte, SpanByte, SpanByte, StoreOutput, long, StoreFunctions> Raw => session;

    public void Dispose()
    {
        ReleasePins();
        session.Dispose();
    }

    private enum FollowUpKind : byte { None, Read, Update }

    private readonly record struct FollowUp(FollowUpKind Kind, IValueSink? Sink, uint Keyspace, StoreOp Op, long Arg1, long Arg2);
}
