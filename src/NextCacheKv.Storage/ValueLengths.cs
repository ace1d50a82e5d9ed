using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>Tells FASTER how large the value an RMW will write is, before it allocates the record.</summary>
internal sealed class ValueLengths : IVariableLengthStruct<SpanByte, SpanByte>
{
    private readonly ValueLimits limits;

    public ValueLengths(long maxValueBytes, long maxInlineBytes) => limits = new ValueLimits(maxValueBytes, maxInlineBytes);

    public int GetInitialLength(ref SpanByte input)
    {
        StoreOutput scratch = default;
        var plan = UpdateRules.Decide(input.AsReadOnlySpan(), default, false, limits, ref scratch);
        return sizeof(int) + Math.Max(plan.NewLength, ValueHeader.Size);
    }

    public int GetLength(ref SpanByte t, ref SpanByte input)
    {
        StoreOutput scratch = default;
        var old = t.AsReadOnlySpan();
        var inputSpan = input.AsReadOnlySpan();
        bool exists = old.Length >= ValueHeader.Size && !ValueHeader.IsExpired(old, StoreInput.Now(inputSpan));
        var plan = UpdateRules.Decide(inputSpan, old, exists, limits, ref scratch);
        return sizeof(int) + Math.Max(plan.NewLength, ValueHeader.Size);
    }
}
