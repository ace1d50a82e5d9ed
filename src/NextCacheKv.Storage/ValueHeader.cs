using System.Buffers.Binary;

namespace NextCacheKv.Storage;

/// <summary>
/// Every stored value starts with this fixed header: its layout (a versioned format byte: inline bytes,
/// or a manifest of chunks for values larger than one record may be), the Redis type and the absolute
/// expiry in Unix milliseconds (0 = never).
/// A record keeps the size it was allocated with: when a shorter value is written over a longer one, the
/// layout byte's top bits say how many bytes of the record are padding (up to 3 there, more in the record's
/// last 4 bytes), so a value that grows back fits in place again instead of appending a new record.
/// <see cref="Stored"/> is the value such a record holds; every reader of a record sees only that.
/// </summary>
public static class ValueHeader
{
    public const int Size = 10;
    private const int KindOffset = 1;
    private const int ExpiryOffset = 2;

    // Byte 0: the layout in the low bits; a record's padding in the top three. Bit 7: the padding's length is in the
    // record's last 4 bytes. Otherwise bits 5-6: 0 to 3 bytes of padding.
    private const byte LayoutMask = 0x1F;
    private const byte PaddedFlag = 0x80;
    private const int SmallPaddingShift = 5;

    public static ValueLayout Layout(ReadOnlySpan<byte> value) => (ValueLayout)(value[0] & LayoutMask);

    /// <summary>The value in a record's bytes, without the padding a shorter value left behind.</summary>
    public static ReadOnlySpan<byte> Stored(ReadOnlySpan<byte> record)
    {
        if (record.Length < Size || record[0] <= LayoutMask) return record;
        int padding = (record[0] & PaddedFlag) != 0
            ? BinaryPrimitives.ReadInt32LittleEndian(record[^sizeof(int)..])
            : record[0] >> SmallPaddingShift;
        return record[..^padding];
    }

    /// <summary>After a value of <paramref name="length"/> bytes was written at the start of <paramref name="record"/>: marks the rest as padding.</summary>
    public static void Pad(Span<byte> record, int length)
    {
        int padding = record.Length - length;
        byte layout = (byte)(record[0] & LayoutMask);
        if (padding < sizeof(int))
        {
            record[0] = (byte)(layout | (padding << SmallPaddingShift));
            return;
        }
        record[0] = (byte)(layout | PaddedFlag);
        BinaryPrimitives.WriteInt32LittleEndian(record[^sizeof(int)..], padding);
    }

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
