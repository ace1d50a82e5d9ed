using System.Buffers.Binary;

namespace NextCacheKv.Storage;

/// <summary>
/// Every stored value starts with this fixed header: its layout (a versioned format byte: inline bytes,
/// or a manifest of chunks for values larger than one record may be), the Redis type and the absolute
/// expiry in Unix milliseconds (0 = never).
/// </summary>
public static class ValueHeader
{
    public const int Size = 10;
    private const int KindOffset = 1;
    private const int ExpiryOffset = 2;

    public static ValueLayout Layout(ReadOnlySpan<byte> value) => (ValueLayout)value[0];

    public static bool IsChunked(ReadOnlySpan<byte> value) => value.Length >= Size && Layout(value) == ValueLayout.Chunked;

    public static ValueKind Kind(ReadOnlySpan<byte> value) => (ValueKind)value[KindOffset];

    public static long ExpiresAt(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadInt64LittleEndian(value[ExpiryOffset..]);

    public static bool IsExpired(ReadOnlySpan<byte> value, long nowMs)
    {
        long at = ExpiresAt(value);
        return at != 0 && at <= nowMs;
    }

    public static ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> value) => value[Size..];

    public static void Write(Span<byte> value, ValueKind kind, long expiresAt, ValueLayout layout = ValueLayout.Inline)
    {
        value[0] = (byte)layout;
        value[KindOffset] = (byte)kind;
        BinaryPrimitives.WriteInt64LittleEndian(value[ExpiryOffset..], expiresAt);
    }

    public static void SetExpiresAt(Span<byte> value, long expiresAt) =>
        BinaryPrimitives.WriteInt64LittleEndian(value[ExpiryOffset..], expiresAt);
}
