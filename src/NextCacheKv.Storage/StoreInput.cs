using System.Buffers.Binary;

namespace NextCacheKv.Storage;

/// <summary>
/// Layout of the input bytes that travel with every FASTER call. Input is a <c>SpanByte</c> so FASTER
/// deep-copies it when an operation goes pending on disk.
/// [op u8][flags u8][now i64][arg1 i64][arg2 i64][payload …]
/// A large SET carries its payload by reference instead (the op byte's top bit): the addresses and
/// lengths of its pinned parts, [count i32] then [address i64][length i32] per part, so the value is
/// copied once, from the request's buffers into the record, not into the input first. The session
/// keeps the parts pinned and alive until the operation completes, pending or not.
/// </summary>
internal static unsafe class StoreInput
{
    public const int HeaderSize = 26;

    /// <summary>
    /// "Now" of an input whose operation reads the clock itself, only if it needs the time: a GET of a key
    /// without a TTL never does (a clock read is 5 % of a pipelined GET's CPU). 0 means the epoch: never expired.
    /// </summary>
    public const long ClockWhenNeeded = long.MinValue;

    private const byte ByReferenceBit = 0x80;
    private const int PartSize = sizeof(long) + sizeof(int);

    public static StoreOp Op(ReadOnlySpan<byte> input) => (StoreOp)(input[0] & ~ByReferenceBit);
    public static StoreFlags Flags(ReadOnlySpan<byte> input) => (StoreFlags)input[1];
    public static long Now(ReadOnlySpan<byte> input) => BinaryPrimitives.ReadInt64LittleEndian(input[2..]);

    /// <summary>
    /// The input's "now", for a step that needs it. When the caller left the time to the operation, the clock
    /// is read here and written into the input: every later step of the same operation (FASTER may decide
    /// twice, and sizes the record in between) sees the same time, and the session adopts it as the command's.
    /// </summary>
    public static long NowOf(Span<byte> input, StoreClock clock)
    {
        long now = Now(input);
        if (now != ClockWhenNeeded) return now;
        now = clock.NowMs;
        BinaryPrimitives.WriteInt64LittleEndian(input[2..], now);
        return now;
    }

    /// <summary>Whether a stored value is past its TTL; reads the clock only for a value that has one.</summary>
    public static bool IsExpired(ReadOnlySpan<byte> value, Span<byte> input, StoreClock clock)
        => ValueHeader.ExpiresAt(value) != 0 && ValueHeader.IsExpired(value, NowOf(input, clock));
    public static long Arg1(ReadOnlySpan<byte> input) => BinaryPrimitives.ReadInt64LittleEndian(input[10..]);
    public static long Arg2(ReadOnlySpan<byte> input) => BinaryPrimitives.ReadInt64LittleEndian(input[18..]);

    /// <summary>The payload as one span; a by-reference payload in several parts has no such span.</summary>
    public static ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> input)
    {
        if ((input[0] & ByReferenceBit) == 0) return input[HeaderSize..];
        int count = PartCount(input);
        if (count > 1) throw new InvalidOperationException("A payload in several parts is only copied, with CopyPayloadTo.");
        return count == 0 ? default : Part(input, 0);
    }

    public static int PayloadLength(ReadOnlySpan<byte> input)
    {
        if ((input[0] & ByReferenceBit) == 0) return input.Length - HeaderSize;
        int length = 0;
        for (int i = PartCount(input) - 1; i >= 0; i--) length += Part(input, i).Length;
        return length;
    }

    public static void CopyPayloadTo(ReadOnlySpan<byte> input, Span<byte> destination)
    {
        if ((input[0] & ByReferenceBit) == 0)
        {
            input[HeaderSize..].CopyTo(destination);
            return;
        }
        int count = PartCount(input);
        // Only a large payload travels by reference; from 16 KB it goes around the cache where the CPU can (see NonTemporalCopy).
        bool aroundCache = destination.Length >= NonTemporalCopy.MinimumValueBytes;
        for (int i = 0; i < count; i++)
        {
            var part = Part(input, i);
            if (aroundCache) NonTemporalCopy.CopyUnfenced(part, destination);
            else part.CopyTo(destination);
            destination = destination[part.Length..];
        }
        if (aroundCache) NonTemporalCopy.Fence();
    }

    public static void WriteHeader(Span<byte> input, StoreOp op, StoreFlags flags, long now, long arg1, long arg2)
    {
        input[0] = (byte)op;
        input[1] = (byte)flags;
        BinaryPrimitives.WriteInt64LittleEndian(input[2..], now);
        BinaryPrimitives.WriteInt64LittleEndian(input[10..], arg1);
        BinaryPrimitives.WriteInt64LittleEndian(input[18..], arg2);
    }

    /// <summary>Bytes of a by-reference input with <paramref name="parts"/> parts.</summary>
    public static int ReferenceSize(int parts) => HeaderSize + sizeof(int) + parts * PartSize;

    /// <summary>A by-reference header for <paramref name="parts"/> parts, each then set with <see cref="WritePart"/>.</summary>
    public static void WriteByReference(Span<byte> input, StoreOp op, StoreFlags flags, long now, long arg1, long arg2, int parts)
    {
        WriteHeader(input, op, flags, now, arg1, arg2);
        input[0] |= ByReferenceBit;
        BinaryPrimitives.WriteInt32LittleEndian(input[HeaderSize..], parts);
    }

    /// <summary>Part <paramref name="index"/>: bytes that must stay pinned until the operation completes.</summary>
    public static void WritePart(Span<byte> input, int index, byte* address, int length)
    {
        var at = input[(HeaderSize + sizeof(int) + index * PartSize)..];
        BinaryPrimitives.WriteInt64LittleEndian(at, (long)address);
        BinaryPrimitives.WriteInt32LittleEndian(at[sizeof(long)..], length);
    }

    private static int PartCount(ReadOnlySpan<byte> input) => BinaryPrimitives.ReadInt32LittleEndian(input[HeaderSize..]);

    private static ReadOnlySpan<byte> Part(ReadOnlySpan<byte> input, int index)
    {
        var at = input[(HeaderSize + sizeof(int) + index * PartSize)..];
        return new ReadOnlySpan<byte>((byte*)BinaryPrimitives.ReadInt64LittleEndian(at), BinaryPrimitives.ReadInt32LittleEndian(at[sizeof(long)..]));
    }
}
