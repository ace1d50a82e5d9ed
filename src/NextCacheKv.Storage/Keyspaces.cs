using System.Buffers.Binary;

namespace NextCacheKv.Storage;

/// <summary>
/// Maps each logical database to a keyspace id, the 4-byte prefix of every stored key. FLUSHDB gives a
/// database a fresh id (O(1); old records become garbage for compaction) and SWAPDB swaps two ids.
/// The map itself is a record in the store, so a checkpoint captures it together with the data.
/// </summary>
internal sealed class Keyspaces
{
    /// <summary>Keyspace of internal records; never handed to a database.</summary>
    public const uint Internal = uint.MaxValue;

    /// <summary>Chunks of a database's large values live in a shadow keyspace: same id with the top bit set,
    /// so FLUSHDB and SWAPDB carry them along and SCAN never sees them.</summary>
    private const uint ChunkBit = 0x8000_0000;

    public static uint ChunkKeyspaceOf(uint keyspace) => keyspace | ChunkBit;

    public static bool IsUserKeyspace(uint keyspace) => (keyspace & ChunkBit) == 0;

    /// <summary>The database keyspace a chunk keyspace belongs to (itself for a database keyspace).</summary>
    public static uint OwnerOf(uint keyspace) => keyspace & ~ChunkBit;

    private uint[] map;
    private uint nextId;

    public Keyspaces(int databases)
    {
        map = new uint[databases];
        for (int i = 0; i < databases; i++) map[i] = (uint)i;
        nextId = (uint)databases;
    }

    public int Databases => map.Length;

    public uint this[int db] => Volatile.Read(ref map)[db];

    public bool IsLive(uint keyspace)
    {
        foreach (var id in Volatile.Read(ref map)) if (id == keyspace) return true;
        return false;
    }

    /// <summary>Database index of a keyspace id, or -1 when it is no longer in use.</summary>
    public int DatabaseOf(uint keyspace)
    {
        var current = Volatile.Read(ref map);
        for (int i = 0; i < current.Length; i++) if (current[i] == keyspace) return i;
        return -1;
    }

    /// <summary>Gives <paramref name="db"/> a fresh keyspace and returns the old one.</summary>
    public uint Renew(int db)
    {
        var copy = (uint[])map.Clone();
        uint old = copy[db];
        copy[db] = nextId++;
        Volatile.Write(ref map, copy);
        return old;
    }

    public void Swap(int a, int b)
    {
        var copy = (uint[])map.Clone();
        (copy[a], copy[b]) = (copy[b], copy[a]);
        Volatile.Write(ref map, copy);
    }

    public int SerializedSize => 8 + 4 * map.Length;

    public void Serialize(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, nextId);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], map.Length);
        for (int i = 0; i < map.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(destination[(8 + 4 * i)..], map[i]);
    }

    /// <summary>Restores a saved map. A saved map with fewer databases keeps the defaults for the rest.</summary>
    public void Restore(ReadOnlySpan<byte> source)
    {
        uint savedNext = BinaryPrimitives.ReadUInt32LittleEndian(source);
        int count = BinaryPrimitives.ReadInt32LittleEndian(source[4..]);
        var copy = (uint[])map.Clone();
        for (int i = 0; i < Math.Min(count, copy.Length); i++) copy[i] = BinaryPrimitives.ReadUInt32LittleEndian(source[(8 + 4 * i)..]);
        nextId = Math.Max(savedNext, (uint)count);
        // Databases added since the save get ids no saved database can hold.
        for (int i = count; i < copy.Length; i++) copy[i] = nextId++;
        Volatile.Write(ref map, copy);
    }
}
