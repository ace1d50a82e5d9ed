using System.Buffers.Binary;

namespace NextCacheKv.Storage;

/// <summary>
/// Layout of the input bytes that travel with every FASTER call. Input is a <c>SpanByte</c> so FASTER
/// deep-copies it when an operation goes pending on disk.
/// [op u8][flags u8][now i64][arg1 i64][arg2 i64][payload …]
/// </summary>
internal static class StoreInput
{
    public const int HeaderSize = 26;

    public static StoreOp Op(ReadOnlySpan<byte> input) => (StoreOp)input[0];
    public static StoreFlags Flags(ReadOnlySpan<byte> input) => (StoreFlags)input[1];
    public static long Now(ReadOnlySpan<byte> input) => BinaryPrimitives.ReadInt64LittleEndian(input[2..]);
    public static long Arg1(ReadOnlySpan<byte> input) => BinaryPrimitives.ReadInt64LittleEndian(input[10..]);
    public static long Arg2(ReadOnlySpan<byte> input) => BinaryPrimitives.ReadInt64LittleEndian(input[18..]);
    public static ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> input) => input[HeaderSize..];

    public static void WriteHeader(Span<byte> input, StoreOp op, StoreFlags flags, long now, long arg1, long arg2)
    {
        input[0] = (byte)op;
        input[1] = (byte)flags;
        BinaryPrimitives.WriteInt64LittleEndian(input[2..], now);
        BinaryPrimitives.WriteInt64LittleEndian(input[10..], arg1);
        BinaryPrimitives.WriteInt64LittleEndian(input[18..], arg2);
    }
}
