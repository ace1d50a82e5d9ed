using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// Tells FASTER how large the value an RMW will write is, before it allocates the record. For the
/// operations that see an entry its tags expired as absent, the size never depends on whether the key
/// exists, because a tag can be revalidated between this call and the update itself.
/// </summary>
internal sealed class ValueLengths : IVariableLengthStruct<SpanByte, SpanByte>
{
    private readonly ValueLimits limits;
    private readonly StoreClock clock;

    public ValueLengths(long maxValueBytes, long maxInlineBytes, StoreClock clock)
    {
        limits = new ValueLimits(maxValueBytes, maxInlineBytes);
        this.clock = clock;
    }

    public int GetInitialLength(ref SpanByte input)
    {
        StoreOutput scratch = default;
        var plan = UpdateRules.Decide(input.AsSpan(), default, false, limits, clock, ref scratch);
        return sizeof(int) + Math.Max(plan.NewLength, ValueHeader.Size);
    }

    public int GetLength(ref SpanByte t, ref SpanByte input)
    {
        var old = ValueHeader.Stored(t.AsReadOnlySpan());
        var inputSpan = input.AsSpan();
        switch (StoreInput.Op(inputSpan))
        {
            case StoreOp.Set:
                return sizeof(int) + ValueHeader.Size + StoreInput.PayloadLength(inputSpan);
            case StoreOp.SetRecord:
                return sizeof(int) + Math.Max(StoreInput.Payload(inputSpan).Length, ValueHeader.Size);
            case StoreOp.Expire or StoreOp.Persist or StoreOp.GetEx or StoreOp.Relocate:
                return sizeof(int) + Math.Max(old.Length, ValueHeader.Size);
            case StoreOp.CreateObject:
                return sizeof(int) + ObjectStub.Size;
            case StoreOp.Delete or StoreOp.GetDel or StoreOp.ReclaimEntry:
                return sizeof(int) + ValueHeader.Size;
        }
        StoreOutput scratch = default;
        bool exists = old.Length >= ValueHeader.Size && !StoreInput.IsExpired(old, inputSpan, clock);
        var plan = UpdateRules.Decide(inputSpan, old, exists, limits, clock, ref scratch);
        return sizeof(int) + Math.Max(plan.NewLength, ValueHeader.Size);
    }
}
