namespace NextCacheKv.Protocol;

/// <summary>Where one parsed argument lives.</summary>
internal struct ArgumentSlot
{
    /// <summary>The argument bytes; for scratch arguments filled in only when the request is published.</summary>
    public ReadOnlyMemory<byte> Memory;

    /// <summary>Offset in the request's scratch buffer, or -1 when <see cref="Memory"/> points into the caller's buffer.</summary>
    public int ScratchOffset;

    public int Length;
}
