using System.Buffers.Binary;

namespace NextCacheKv.Storage;

/// <summary>
/// A Next.js entry's bytes after the value header: [ts f64 ms][meta length u32][meta][tag list] and,
/// when stored inline, the value itself. A chunked entry keeps the same prefix after its manifest.
/// </summary>
public static class NextEntryFormat
{
    public static int PrefixSize(int metaLength, int tagListLength) => sizeof(double) + sizeof(int) + metaLength + tagListLength;

    public static int WritePrefix(Span<byte> destination, double timestamp, ReadOnlySpan<byte> meta, IReadOnlyList<ReadOnlyMemory<byte>> tags)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(destination, timestamp);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], meta.Length);
        meta.CopyTo(destination[12..]);
        return 12 + meta.Length + TagList.Write(destination[(12 + meta.Length)..], tags);
    }

    /// <summary>Splits an entry's bytes (inline payload, or what follows a manifest) into its parts.</summary>
    public static void Parse(ReadOnlySpan<byte> entry, out double timestamp, out ReadOnlySpan<byte> meta, out ReadOnlySpan<byte> tags, out ReadOnlySpan<byte> value)
    {
        timestamp = BinaryPrimitives.ReadDoubleLittleEndian(entry);
        int metaLength = BinaryPrimitives.ReadInt32LittleEndian(entry[8..]);
        meta = entry.Slice(12, metaLength);
        var rest = entry[(12 + metaLength)..];
        int tagsLength = TagList.EncodedLength(rest);
        tags = rest[..tagsLength];
        value = rest[tagsLength..];
    }

    /// <summary>The entry bytes of a stored NextEntry value: after the header, and after the manifest when chunked.</summary>
    public static ReadOnlySpan<byte> EntryOf(ReadOnlySpan<byte> storedValue)
    {
        var payload = ValueHeader.Payload(storedValue);
        return ValueHeader.IsChunked(storedValue) ? payload[ChunkManifest.Size..] : payload;
    }

    public static double TimestampOf(ReadOnlySpan<byte> storedValue) => BinaryPrimitives.ReadDoubleLittleEndian(EntryOf(storedValue));
}
