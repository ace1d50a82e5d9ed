using System.Buffers.Binary;

namespace NextCacheKv.Storage.Objects;

/// <summary>
/// The collection objects on disk: written before each checkpoint (each object under its key's lock,
/// so each is consistent), read back at start. Stubs and objects are then reconciled against the
/// recovered log: an object no stub names is dropped, a stub whose object is missing is deleted.
/// </summary>
internal static class ObjectSnapshot
{
    private const uint Magic = 0x4E434F42; // "NCOB"
    private const int Version = 1;
    private const byte EndOfEntries = 0;
    private const byte ResidentEntry = 1;
    private const byte EvictedEntry = 2;

    public static string PathIn(string directory) => Path.Combine(directory, "objects", "objects.bin");

    public static void Write(string path, ObjectTable table)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        DurableFile.Replace(path, file =>
        {
            using (var writer = new BinaryWriter(file, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(Version);
                var body = new MemoryStream();
                var objectWriter = new BinaryWriter(body);
                foreach (var (id, _) in table.Entries)
                {
                    var written = WriteLocked(table, id, body, objectWriter);
                    if (written is null) continue;
                    if (written is EvictedObject evicted)
                    {
                        // Its elements are an image in the log, which the checkpoint that follows holds.
                        writer.Write(EvictedEntry);
                        writer.Write(id);
                        writer.Write(evicted.Keyspace);
                        writer.Write((byte)evicted.Kind);
                        writer.Write(evicted.ImageKeyspace);
                        continue;
                    }
                    writer.Write(ResidentEntry);
                    writer.Write(id);
                    writer.Write(written.Keyspace);
                    writer.Write((byte)written.Kind);
                    writer.Write((int)body.Length);
                    writer.Write(Crc32.Compute(body.GetBuffer().AsSpan(0, (int)body.Length)));
                    writer.Write(body.GetBuffer(), 0, (int)body.Length);
                }
                writer.Write(EndOfEntries);
            }
        }, bufferSize: 1 << 16);
    }

    /// <summary>
    /// Serialises the object now under <paramref name="id"/> while holding its key's stripe (an eviction or
    /// a reload may swap it meanwhile: the current one is written). Null when it was released.
    /// </summary>
    private static CollectionObject? WriteLocked(ObjectTable table, long id, MemoryStream body, BinaryWriter objectWriter)
    {
        while (true)
        {
            if (!table.TryGet(id, out var obj)) return null;
            var key = obj.Key;
            using (table.Locks.Enter(key))
            {
                if (!table.IsCurrent(id, obj, key)) continue;
                if (obj is EvictedObject) return obj;
                body.SetLength(0);
                obj.WriteTo(objectWriter);
                objectWriter.Flush();
                obj.SnapshotBytes = body.Length;
                obj.SnapshotCount = obj.Count;
                return obj;
            }
        }
    }

    /// <summary>Loads the snapshot into <paramref name="table"/>; returns the number of objects read.</summary>
    public static int Read(string path, ObjectTable table)
    {
        if (!File.Exists(path)) return 0;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(file);
        if (reader.ReadUInt32() != Magic || reader.ReadInt32() != Version) throw new InvalidDataException($"'{path}' is not an object snapshot");
        int read = 0;
        while (true)
        {
            byte entry = reader.ReadByte();
            if (entry == EndOfEntries) break;
            long id = reader.ReadInt64();
            uint keyspace = reader.ReadUInt32();
            var kind = (ValueKind)reader.ReadByte();
            if (entry == EvictedEntry)
            {
                table.Restore(id, new EvictedObject(kind, reader.ReadUInt32()) { Keyspace = keyspace });
                read++;
                continue;
            }
            if (entry != ResidentEntry) throw new InvalidDataException($"'{path}' has an unknown entry type {entry}");
            int length = reader.ReadInt32();
            uint crc = reader.ReadUInt32();
            var body = reader.ReadBytes(length);
            if (body.Length != length || Crc32.Compute(body) != crc) throw new InvalidDataException($"Object {id} in '{path}' is damaged");
            using var bodyReader = new BinaryReader(new MemoryStream(body));
            var obj = CollectionObject.ReadFrom(kind, bodyReader);
            obj.Keyspace = keyspace;
            obj.SnapshotBytes = length;
            obj.SnapshotCount = obj.Count;
            table.Restore(id, obj);
            read++;
        }
        return read;
    }
}
