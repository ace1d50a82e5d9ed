namespace NextCacheKv.Protocol;

/// <summary>Where one parsed argument lives. Kept to one reference: every argument parsed writes one.</summary>
internal struct ArgumentSlot
{
    /// <summary>The argument bytes; for scratch arguments filled in only when the request is published.</summary>
    public ReadOnlyMemory<byte> Memory;

    /// <summary>
    /// Offset in the request's scratch buffer; <see cref="InPlace"/> when <see cref="Memory"/> points into the
    /// caller's buffer (or a copy already made); <see cref="SplitAt"/> of an index into the request's split
    /// arguments while the bytes are only in the segments they straddle.
    /// </summary>
    public int ScratchOffset;

    public int Length;

    public const int InPlace = -1;

    public static int SplitAt(int index) => -2 - index;

    public readonly bool IsSplit => ScratchOffset <= -2;

    public readonly int SplitIndex => -2 - ScratchOffset;
}
