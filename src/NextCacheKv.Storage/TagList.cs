using System.Buffers.Binary;

namespace NextCacheKv.Storage;

/// <summary>
/// Tags as stored in an entry and as soft tags travel in an input: [count u16] then per tag
/// [length u16][bytes]. Read without allocating.
/// </summary>
public static class TagList
{
    public const int MaxTags = ushort.MaxValue;
    public const int MaxTagLength = ushort.MaxValue;

    public static int SizeOf(IReadOnlyList<ReadOnlyMemory<byte>> tags)
    {
        int size = sizeof(ushort);
        foreach (var tag in tags) size += sizeof(ushort) + tag.Length;
        return size;
    }

    public static int Write(Span<byte> destination, IReadOnlyList<ReadOnlyMemory<byte>> tags)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)tags.Count);
        int offset = sizeof(ushort);
        foreach (var tag in tags)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], (ushort)tag.Length);
            tag.Span.CopyTo(destination[(offset + sizeof(ushort))..]);
            offset += sizeof(ushort) + tag.Length;
        }
        return offset;
    }

    /// <summary>Total encoded length of the list that starts at <paramref name="encoded"/>.</summary>
    public static int EncodedLength(ReadOnlySpan<byte> encoded)
    {
        int count = BinaryPrimitives.ReadUInt16LittleEndian(encoded);
        int offset = sizeof(ushort);
        for (int i = 0; i < count; i++) offset += sizeof(ushort) + BinaryPrimitives.ReadUInt16LittleEndian(encoded[offset..]);
        return offset;
    }

    public static int Count(ReadOnlySpan<byte> encoded) => BinaryPrimitives.ReadUInt16LittleEndian(encoded);

    public static Enumerator Enumerate(ReadOnlySpan<byte> encoded) => new(encoded);

    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> encoded;
        private int remaining;
        private int offset;

        public Enumerator(ReadOnlySpan<byte> encoded)
        {
            this.encoded = encoded;
            remaining = encoded.Length >= sizeof(ushort) ? BinaryPrimitives.ReadUInt16LittleEndian(encoded) : 0;
            offset = sizeof(ushort);
            Current = default;
        }

        public ReadOnlySpan<byte> Current { get; private set; }

        public readonly Enumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (remaining == 0) return false;
            int length = BinaryPrimitives.ReadUInt16LittleEndian(encoded[offset..]);
            Current = encoded.Slice(offset + sizeof(ushort), length);
            offset += sizeof(ushort) + length;
            remaining--;
            return true;
        }
    }
}
