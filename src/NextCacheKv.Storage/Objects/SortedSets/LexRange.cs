namespace NextCacheKv.Storage.Objects.SortedSets;

/// <summary>One end of a ZRANGEBYLEX interval: "-" (below everything), "+" (above everything), "[x" or "(x".</summary>
public readonly record struct LexBound(LexBoundKind Kind, byte[] Value, bool Exclusive)
{
    public static LexBound NegativeInfinity { get; } = new(LexBoundKind.NegativeInfinity, [], true);

    public static LexBound PositiveInfinity { get; } = new(LexBoundKind.PositiveInfinity, [], true);

    /// <summary>Orders two bounds as Redis's sdscmplex does: the infinities beyond every string, equal to themselves.</summary>
    public static int Compare(in LexBound a, in LexBound b)
    {
        if (a.Kind == b.Kind && a.Kind != LexBoundKind.Value) return 0;
        if (a.Kind == LexBoundKind.NegativeInfinity || b.Kind == LexBoundKind.PositiveInfinity) return -1;
        if (a.Kind == LexBoundKind.PositiveInfinity || b.Kind == LexBoundKind.NegativeInfinity) return 1;
        return a.Value.AsSpan().SequenceCompareTo(b.Value);
    }
}

public enum LexBoundKind
{
    Value,
    NegativeInfinity,
    PositiveInfinity,
}

/// <summary>A member interval for the BYLEX commands, compared bytewise like memcmp.</summary>
public readonly record struct LexRange(LexBound Min, LexBound Max)
{
    public bool IsAboveMin(ReadOnlySpan<byte> member) => Min.Kind switch
    {
        LexBoundKind.NegativeInfinity => true,
        LexBoundKind.PositiveInfinity => false,
        _ => Min.Exclusive ? member.SequenceCompareTo(Min.Value) > 0 : member.SequenceCompareTo(Min.Value) >= 0,
    };

    public bool IsBelowMax(ReadOnlySpan<byte> member) => Max.Kind switch
    {
        LexBoundKind.PositiveInfinity => true,
        LexBoundKind.NegativeInfinity => false,
        _ => Max.Exclusive ? member.SequenceCompareTo(Max.Value) < 0 : member.SequenceCompareTo(Max.Value) <= 0,
    };

    public bool Contains(ReadOnlySpan<byte> member) => IsAboveMin(member) && IsBelowMax(member);

    /// <summary>False when the ends cross, or meet with one of them excluded.</summary>
    public bool CanContainAnything
    {
        get
        {
            int order = LexBound.Compare(Min, Max);
            return !(order > 0 || (order == 0 && (Min.Exclusive || Max.Exclusive)));
        }
    }
}
