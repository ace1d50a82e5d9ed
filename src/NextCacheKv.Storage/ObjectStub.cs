using System.Buffers.Binary;

namespace NextCacheKv.Storage;

/// <summary>
/// A collection key's record: the usual header (type, expiry) and the id of the in-memory object that
/// holds the elements. Keeping the key in the log lets every key command (TYPE, EXPIRE, DEL, SCAN,
/// RENAME, DBSIZE, active expiry) treat collections exactly like strings.
/// </summary>
public static class ObjectStub
{
    public const int Size = ValueHeader.Size + sizeof(long);

    public static bool IsCollection(ValueKind kind) => kind is ValueKind.Hash or ValueKind.List or ValueKind.Set or ValueKind.SortedSet;

    public static long IdOf(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadInt64LittleEndian(value[ValueHeader.Size..]);

    public static void WriteId(Span<byte> value, long id) => BinaryPrimitives.WriteInt64LittleEndian(value[ValueHeader.Size..], id);
}
