using System.Buffers.Binary;

namespace NextCacheKv.Storage;

/// <summary>
/// The store key of a chunk record: the chunk keyspace, the blob id and the chunk's index (big-endian, so a blob's
/// chunks sort in order). Collection images share chunk keyspaces with shorter keys.
/// </summary>
internal static class ChunkKeys
{
    public const int Length = sizeof(uint) + sizeof(long) + sizeof(int);

    public static void Write(Span<byte> key, uint chunkKeyspace, long blobId, int index)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(key, chunkKeyspace);
        BinaryPrimitives.WriteInt64LittleEndian(key[4..], blobId);
        BinaryPrimitives.WriteInt32BigEndian(key[12..], index);
    }

    /// <summary>The blob id and index of a chunk record's store key; false for other keys of a chunk keyspace.</summary>
    public static bool TryRead(ReadOnlySpan<byte> storeKey, out long blobId, out int index)
    {
        bool isChunk = storeKey.Length == Length;
        blobId = isChunk ? BinaryPrimitives.ReadInt64LittleEndian(storeKey[4..]) : 0;
        index = isChunk ? BinaryPrimitives.ReadInt32BigEndian(storeKey[12..]) : 0;
        return isChunk;
    }
}
