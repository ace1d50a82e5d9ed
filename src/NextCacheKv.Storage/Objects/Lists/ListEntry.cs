namespace NextCacheKv.Storage.Objects.Lists;

/// <summary>
/// How one list element is packed in a <see cref="ListChunk"/>: its length as a 7-bit varint, its bytes,
/// then the same varint with its bytes reversed (Redis listpack's "backlen"). Reading forward from an
/// entry's start or backward from its end decodes the same length, so a chunk can be walked either way.
/// Header and trailer have the same size, so an entry of n bytes takes n + 2 * <see cref="VarintSize"/>(n).
/// </summary>
internal static class ListEntry
{
    /// <summary>The bytes an element of <paramref name="length"/> bytes takes in a chunk.</summary>
    public static int Size(int length) => length + 2 * VarintSize(length);

    public static int VarintSize(int length) => length switch
    {
        < 1 << 7 => 1,
        < 1 << 14 => 2,
        < 1 << 21 => 3,
        < 1 << 28 => 4,
        _ => 5,
    };

    /// <summary>Writes header and trailer around a payload of <paramref name="length"/> bytes; returns where the payload goes.</summary>
    public static Span<byte> Frame(Span<byte> entry, int length)
    {
        int varint = VarintSize(length);
        uint rest = (uint)length;
        for (int i = 0; i < varint; i++)
        {
            byte group = (byte)(rest & 0x7F);
            rest >>= 7;
            if (i < varint - 1) group |= 0x80;
            entry[i] = group;
            entry[^(i + 1)] = group;
        }
        return entry.Slice(varint, length);
    }

    /// <summary>The length stored in the header that starts at <paramref name="offset"/>.</summary>
    public static int ReadForward(ReadOnlySpan<byte> buffer, int offset, out int varint) => Read(buffer, offset, 1, out varint);

    /// <summary>The length stored in the trailer that ends just before <paramref name="end"/>.</summary>
    public static int ReadBackward(ReadOnlySpan<byte> buffer, int end, out int varint) => Read(buffer, end - 1, -1, out varint);

    /// <summary>Decodes the varint whose first group is at <paramref name="first"/>, the next ones <paramref name="step"/> apart.</summary>
    private static int Read(ReadOnlySpan<byte> buffer, int first, int step, out int varint)
    {
        uint value = 0;
        varint = 0;
        byte group;
        do
        {
            group = buffer[first + step * varint];
            value |= (uint)(group & 0x7F) << (7 * varint);
            varint++;
        } while ((group & 0x80) != 0);
        return (int)value;
    }
}
