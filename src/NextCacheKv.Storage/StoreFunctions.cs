using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// FASTER callbacks. Every decision lives in <see cref="UpdateRules"/>; this class maps FASTER's
/// read / need-update / update / post-update steps onto it, handles expiry, and keeps the key count.
/// Sinks are written only from steps that run exactly once (readers, in-place updaters, Post*).
/// </summary>
internal sealed class StoreFunctions : FunctionsBase<SpanByte, SpanByte, SpanByte, StoreOutput, long>
{
    private readonly KeyCounts keyCounts;
    private readonly TagTable tags;
    private readonly ValueLimits limits;
    private readonly StoreClock clock;

    public StoreFunctions(KeyCounts keyCounts, TagTable tags, StoreClock clock, long maxValueBytes, long maxInlineBytes)
    {
        this.keyCounts = keyCounts;
        this.tags = tags;
        this.clock = clock;
        limits = new ValueLimits(maxValueBytes, maxInlineBytes);
    }

    public override bool SingleReader(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref StoreOutput dst, ref ReadInfo readInfo)
    {
        dst.RecordAddress = readInfo.Address;
        return Read(key.AsReadOnlySpan(), input.AsSpan(), value.AsReadOnlySpan(), ref dst);
    }

    public override bool ConcurrentReader(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref StoreOutput dst, ref ReadInfo readInfo)
    {
        dst.RecordAddress = readInfo.Address;
        return Read(key.AsReadOnlySpan(), input.AsSpan(), value.AsReadOnlySpan(), ref dst);
    }

    private bool Read(ReadOnlySpan<byte> key, Span<byte> input, ReadOnlySpan<byte> record, ref StoreOutput output)
    {
        var value = ValueHeader.Stored(record);
        if (value.Length < ValueHeader.Size || StoreInput.IsExpired(value, input, clock))
        {
            output.Status = OpStatus.NotFound;
            output.OldExpired = value.Length >= ValueHeader.Size;
            return false;
        }
        var kind = ValueHeader.Kind(value);
        var op = StoreInput.Op(input);
        output.Kind = kind;
        output.Status = OpStatus.Ok;
        if (ObjectStub.IsCollection(kind) && value.Length >= ObjectStub.Size) output.ObjectId = ObjectStub.IdOf(value);
        if (op == StoreOp.GetRecord && !(kind == ValueKind.NextEntry && tags.IsEntryExpired(KeyCounts.KeyspaceOf(key), value, StoreInput.NowOf(input, clock)) && MarkTagDead(value, ref output)))
        {
            output.Integer = ValueHeader.ExpiresAt(value);
            if (ValueHeader.IsChunked(value)) output.Manifest = ChunkManifest.FromValue(value);
            output.Sink?.Write(value);
            return true;
        }
        if (op == StoreOp.GetRecord) return false;
        if (kind == ValueKind.NextEntry)
        {
            // An entry its tags have expired is gone for every command, like a key past its TTL.
            var entry = NextEntryFormat.EntryOf(value);
            NextEntryFormat.Parse(entry, out double timestamp, out var meta, out var entryTags, out var inlineValue);
            var softTags = op == StoreOp.NextGet ? StoreInput.Payload(input) : default;
            var verdict = tags.Judge(KeyCounts.KeyspaceOf(key), timestamp, entryTags, softTags, StoreInput.NowOf(input, clock), out long staleAt);
            if (verdict == TagVerdict.EntryExpired && MarkTagDead(value, ref output)) return false;
            // Soft tags belong to this request (the page reading the entry), not to the entry: a miss
            // for this reader only, so the entry is not reclaimed.
            if (verdict == TagVerdict.SoftExpired)
            {
                output.Status = OpStatus.NotFound;
                return false;
            }
            if (op == StoreOp.NextGet)
            {
                if (output.Sink is IEntrySink sink)
                {
                    sink.WriteEntryHeader(timestamp, staleAt, meta, entryTags);
                    if (ValueHeader.IsChunked(value)) output.Manifest = ChunkManifest.FromValue(value);
                    else sink.Write(inlineValue);
                }
                return true;
            }
        }
        else if (op == StoreOp.NextGet)
        {
            output.Status = OpStatus.WrongType;
            return true;
        }
        switch (op)
        {
            case StoreOp.Get:
                if (kind != ValueKind.String) { output.Status = OpStatus.WrongType; return true; }
                // A chunked value is streamed by the session from its chunks.
                if (ValueHeader.IsChunked(value)) output.Manifest = ChunkManifest.FromValue(value);
                else output.Sink?.Write(ValueHeader.Payload(value));
                return true;
            case StoreOp.GetRange:
                if (kind != ValueKind.String) { output.Status = OpStatus.WrongType; return true; }
                if (ValueHeader.IsChunked(value)) output.Manifest = ChunkManifest.FromValue(value);
                else output.Sink?.Write(Range(ValueHeader.Payload(value), StoreInput.Arg1(input), StoreInput.Arg2(input)));
                return true;
            case StoreOp.StrLen:
                if (kind != ValueKind.String) { output.Status = OpStatus.WrongType; return true; }
                output.Integer = ValueHeader.IsChunked(value) ? ChunkManifest.FromValue(value).Length : value.Length - ValueHeader.Size;
                return true;
            default:
                output.Integer = ValueHeader.ExpiresAt(value);
                return true;
        }
    }

    /// <summary>The entry's own tags expired it: NotFound, flagged so the session reclaims exactly this entry. Always true.</summary>
    private static bool MarkTagDead(ReadOnlySpan<byte> value, ref StoreOutput output)
    {
        output.Status = OpStatus.NotFound;
        output.OldExpired = true;
        output.TagDead = true;
        output.Integer = BitConverter.DoubleToInt64Bits(NextEntryFormat.TimestampOf(value));
        return true;
    }

    private static ReadOnlySpan<byte> Range(ReadOnlySpan<byte> payload, long start, long end)
    {
        var (offset, count) = ByteRange.Resolve(payload.Length, start, end);
        return payload.Slice((int)offset, (int)count);
    }

    private UpdatePlan Plan(ReadOnlySpan<byte> key, Span<byte> input, ReadOnlySpan<byte> old, out bool exists, ref StoreOutput output)
    {
        bool present = old.Length >= ValueHeader.Size;
        bool expired = present && (StoreInput.IsExpired(old, input, clock) || IsDeadEntry(key, input, old));
        exists = present && !expired;
        var plan = UpdateRules.Decide(input, old, exists, limits, clock, ref output);
        output.OldExpired = expired;
        // Lazy expiry: an operation that leaves an expired key alone removes it instead.
        if (expired && plan.Action == UpdateAction.Keep) plan = UpdatePlan.Delete;
        if (present && ValueHeader.IsChunked(old))
        {
            output.Manifest = ChunkManifest.FromValue(old);
            output.ManifestReleased = plan.Action == UpdateAction.Delete || (plan.Action == UpdateAction.Write && UpdateRules.ReplacesValue(input));
        }
        output.ObjectReleased = false;
        if (present && ObjectStub.IsCollection(ValueHeader.Kind(old)) && old.Length >= ObjectStub.Size)
        {
            output.ObjectId = ObjectStub.IdOf(old);
            output.ObjectReleased = (StoreInput.Flags(input) & StoreFlags.KeepObject) == 0
                && (plan.Action == UpdateAction.Delete || (plan.Action == UpdateAction.Write && UpdateRules.ReplacesValue(input)));
        }
        return plan;
    }

    /// <summary>
    /// An entry its tags expired is absent for the key commands too (SET NX/XX/GET, DEL, EXPIRE, PERSIST,
    /// compaction…). Not for APPEND/SETRANGE/INCR*: on an entry those are WRONGTYPE either way, and their new
    /// size would depend on the answer, which a concurrent revalidation could change under FASTER's sizing.
    /// </summary>
    private bool IsDeadEntry(ReadOnlySpan<byte> key, Span<byte> input, ReadOnlySpan<byte> old)
    {
        if (StoreInput.Op(input) is StoreOp.Append or StoreOp.SetRange or StoreOp.IncrBy or StoreOp.IncrByFloat) return false;
        if (ValueHeader.Kind(old) != ValueKind.NextEntry) return false;
        return tags.IsEntryExpired(KeyCounts.KeyspaceOf(key), old, StoreInput.NowOf(input, clock));
    }

    public override bool NeedInitialUpdate(ref SpanByte key, ref SpanByte input, ref StoreOutput output, ref RMWInfo rmwInfo)
        => UpdateRules.Decide(input.AsSpan(), default, false, limits, clock, ref output).Action == UpdateAction.Write;

    public override bool InitialUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref StoreOutput output, ref RMWInfo rmwInfo)
    {
        UpdateRules.Build(input.AsReadOnlySpan(), default, false, value.AsSpan(), output);
        Fit(ref value, value.Length);
        return true;
    }

    public override void PostInitialUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref StoreOutput output, ref RMWInfo rmwInfo)
    {
        keyCounts.Add(KeyCounts.KeyspaceOf(key.AsReadOnlySpan()), 1);
        if (UpdateRules.SinksNewValue(input.AsReadOnlySpan())) output.Sink?.Write(ValueHeader.Payload(value.AsReadOnlySpan()));
    }

    public override bool NeedCopyUpdate(ref SpanByte key, ref SpanByte input, ref SpanByte oldValue, ref StoreOutput output, ref RMWInfo rmwInfo)
    {
        var old = ValueHeader.Stored(oldValue.AsReadOnlySpan());
        var plan = Plan(key.AsReadOnlySpan(), input.AsSpan(), old, out bool exists, ref output);
        if (plan.Action != UpdateAction.Keep) return true;
        SinkOld(input.AsReadOnlySpan(), old, exists, ref output);
        return false;
    }

    public override bool CopyUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte oldValue, ref SpanByte newValue, ref StoreOutput output, ref RMWInfo rmwInfo)
    {
        var old = ValueHeader.Stored(oldValue.AsReadOnlySpan());
        var plan = Plan(key.AsReadOnlySpan(), input.AsSpan(), old, out bool exists, ref output);
        output.Removed = plan.Action == UpdateAction.Delete;
        if (output.Removed)
        {
            rmwInfo.Action = RMWAction.ExpireAndStop;
            return false;
        }
        if (plan.Action == UpdateAction.Keep || plan.NewLength > newValue.Length)
        {
            // The decision changed since FASTER sized the record (a tag revalidated in between): write nothing.
            rmwInfo.Action = RMWAction.CancelOperation;
            return false;
        }
        UpdateRules.Build(input.AsReadOnlySpan(), old, exists, newValue.AsSpan(), output);
        Fit(ref newValue, plan.NewLength);
        return true;
    }

    public override void PostCopyUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte oldValue, ref SpanByte newValue, ref StoreOutput output, ref RMWInfo rmwInfo)
    {
        if (output.Removed) keyCounts.Add(KeyCounts.KeyspaceOf(key.AsReadOnlySpan()), -1);
        SinkOld(input.AsReadOnlySpan(), ValueHeader.Stored(oldValue.AsReadOnlySpan()), !output.OldExpired, ref output);
        if (!output.Removed && UpdateRules.SinksNewValue(input.AsReadOnlySpan())) output.Sink?.Write(ValueHeader.Payload(ValueHeader.Stored(newValue.AsReadOnlySpan())));
    }

    public override bool InPlaceUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref StoreOutput output, ref RMWInfo rmwInfo)
    {
        var inputSpan = input.AsSpan();
        var old = ValueHeader.Stored(value.AsReadOnlySpan());
        var plan = Plan(key.AsReadOnlySpan(), inputSpan, old, out bool exists, ref output);
        switch (plan.Action)
        {
            case UpdateAction.Keep:
                SinkOld(inputSpan, old, exists, ref output);
                return true;
            case UpdateAction.Delete:
                SinkOld(inputSpan, old, exists, ref output);
                output.Removed = true;
                keyCounts.Add(KeyCounts.KeyspaceOf(key.AsReadOnlySpan()), -1);
                rmwInfo.Action = RMWAction.ExpireAndStop;
                return false;
            default:
                // A value that fits the record as allocated is rewritten in place; a larger one becomes a new record at the tail.
                if (plan.NewLength > value.Length) return false;
                SinkOld(inputSpan, old, exists, ref output);
                // Build reads what it needs of the old value (expiry, number) before writing over it.
                UpdateRules.Build(inputSpan, old, exists, value.AsSpan()[..plan.NewLength], output);
                Fit(ref value, plan.NewLength);
                if (UpdateRules.SinksNewValue(inputSpan)) output.Sink?.Write(ValueHeader.Payload(ValueHeader.Stored(value.AsReadOnlySpan())));
                return true;
        }
    }

    /// <summary>
    /// After a value of <paramref name="length"/> bytes was written into <paramref name="record"/>: the rest stays the
    /// record's, marked as padding, so the value can grow back in place.
    /// </summary>
    private static void Fit(ref SpanByte record, int length)
    {
        // Too short to carry the mark (not a value with a header): give the rest back to FASTER, zeroed.
        if (length < ValueHeader.Size)
        {
            if (length < record.Length) record.ShrinkSerializedLength(length);
            return;
        }
        ValueHeader.Pad(record.AsSpan(), length);
    }

    private static void SinkOld(ReadOnlySpan<byte> input, ReadOnlySpan<byte> old, bool exists, ref StoreOutput output)
    {
        // A chunked old value is streamed by the session after the update.
        if (exists && !ValueHeader.IsChunked(old) && output.Status is OpStatus.Ok or OpStatus.NotPerformed && UpdateRules.SinksOldValue(input))
            output.Sink?.Write(ValueHeader.Payload(old));
    }

    public override bool SingleWriter(ref SpanByte key, ref SpanByte input, ref SpanByte src, ref SpanByte dst, ref StoreOutput output, ref UpsertInfo upsertInfo, WriteReason reason)
    {
        src.CopyTo(ref dst);
        return true;
    }

    public override bool ConcurrentWriter(ref SpanByte key, ref SpanByte input, ref SpanByte src, ref SpanByte dst, ref StoreOutput output, ref UpsertInfo upsertInfo)
    {
        if (dst.Length != src.Length) return false;
        src.CopyTo(ref dst);
        return true;
    }
}
