using System.Buffers;

namespace NextCacheKv.Protocol;

/// <summary>Where one parsed argument lives.</summary>
internal struct ArgumentSlot
{
    /// <summary>The argument bytes; for scratch arguments filled in only when the request is published.</summary>
    public ReadOnlyMemory<byte> Memory;

    /// <summary>
    /// Offset in the request's scratch buffer; <see cref="InPlace"/> when <see cref="Memory"/> points into the
    /// caller's buffer (or a copy already made); <see cref="Split"/> while the bytes are only in <see cref="Segments"/>.
    /// </summary>
    public int ScratchOffset;

    /// <summary>An argument that straddles buffer segments, left where it is until someone asks for it in one piece.</summary>
    public ReadOnlySequence<byte> Segments;

    public int Length;

    public const int InPlace = -1;
    public const int Split = -2;
}
