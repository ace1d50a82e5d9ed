using System.Buffers.Binary;

namespace NextCacheKv.Storage;

/// <summary>
/// Where a large value's bytes are: chunk records keyed by (chunk keyspace, blob id, index). A FASTER
/// record must fit in one log page, so values beyond <see cref="StoreOptions.ChunkBytes"/> are split.
/// </summary>
public readonly record struct ChunkManifest(long BlobId, long Length, int ChunkSize, int ChunkCount)
{
    public const int Size = 24;

    public bool IsValid => ChunkCount > 0;

    public static ChunkManifest For(long blobId, long length, int chunkSize)
        => new(blobId, length, chunkSize, (int)((length + chunkSize - 1) / chunkSize));

    public int LengthOf(int index) => (int)Math.Min(ChunkSize, Length - (long)index * ChunkSize);

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, BlobId);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], Length);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], ChunkSize);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], ChunkCount);
    }

    public static ChunkManifest Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadInt64LittleEndian(source),
        BinaryPrimitives.ReadInt64LittleEndian(source[8..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[16..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[20..]));

    /// <summary>The manifest inside a chunked value record.</summary>
    public static ChunkManifest FromValue(ReadOnlySpan<byte> value) => Read(ValueHeader.Payload(value));
}
