using System.Buffers.Binary;

namespace NextCacheKv.Storage;

/// <summary>
/// Makes tag revalidations durable before NEXTTAG replies: each change is appended to
/// <c>tags/journal.bin</c> and fsynced. Records are [length u32][crc32 u32][keyspace u32][staleAt i64]
/// [expiredAt i64][tag]; replay stops at the first torn or damaged record. Independent of checkpoints,
/// so a crash right after NEXTTAG never serves an entry written before it as fresh.
/// </summary>
public sealed class TagJournal : IDisposable
{
    private const int FixedPayload = sizeof(uint) + 2 * sizeof(long);
    private readonly string path;
    private readonly object gate = new();
    private FileStream file;

    private TagJournal(string path, FileStream file)
    {
        this.path = path;
        this.file = file;
    }

    public long Length => file.Length;

    /// <summary>Opens (or creates) the journal and replays it into <paramref name="table"/>; returns the journal and the records read.</summary>
    public static TagJournal Open(string directory, TagTable table, Func<uint, bool> keyspaceIsLive, out int replayed)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "journal.bin");
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        long valid = Replay(file, table, keyspaceIsLive, out replayed);
        // Cut a torn tail so the next append starts on a record boundary.
        file.SetLength(valid);
        file.Position = valid;
        return new TagJournal(path, file);
    }

    /// <summary>Appends the new times of some tags and waits until they are on disk.</summary>
    public void Append(uint keyspace, IReadOnlyList<(byte[] Tag, TagTimes Times)> changes)
    {
        var buffer = new MemoryStream();
        foreach (var (tag, times) in changes) WriteRecord(buffer, keyspace, tag, times);
        lock (gate)
        {
            file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            file.Flush(flushToDisk: true);
        }
    }

    /// <summary>Rewrites the journal with just the live records once it has grown well past them.</summary>
    public bool CompactIfLarge(TagTable table)
    {
        var live = new MemoryStream();
        foreach (var (keyspace, tag, times) in table.All) WriteRecord(live, keyspace, tag, times);
        lock (gate)
        {
            if (file.Length < 1024 * 1024 || file.Length < 4 * live.Length) return false;
            string temporary = path + ".tmp";
            using (var rewrite = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            {
                rewrite.Write(live.GetBuffer(), 0, (int)live.Length);
                rewrite.Flush(flushToDisk: true);
            }
            file.Dispose();
            File.Move(temporary, path, overwrite: true);
            file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            file.Position = file.Length;
            return true;
        }
    }

    private static void WriteRecord(Stream output, uint keyspace, byte[] tag, TagTimes times)
    {
        Span<byte> header = stackalloc byte[8 + FixedPayload];
        var payload = new byte[FixedPayload + tag.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, keyspace);
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(4), times.StaleAt);
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(12), times.ExpiredAt);
        tag.CopyTo(payload, FixedPayload);
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.Compute(payload));
        output.Write(header[..8]);
        output.Write(payload);
    }

    private static long Replay(FileStream file, TagTable table, Func<uint, bool> keyspaceIsLive, out int replayed)
    {
        replayed = 0;
        file.Position = 0;
        var header = new byte[8];
        long valid = 0;
        while (file.Read(header) == 8)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(header);
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            if (length < FixedPayload || length > FixedPayload + TagList.MaxTagLength) break;
            var payload = new byte[length];
            if (file.Read(payload) != length || Crc32.Compute(payload) != crc) break;
            uint keyspace = BinaryPrimitives.ReadUInt32LittleEndian(payload);
            var times = new TagTimes(BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(4)), BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(12)));
            if (keyspaceIsLive(keyspace)) table.Set(keyspace, payload[FixedPayload..], times);
            replayed++;
            valid = file.Position;
        }
        return valid;
    }

    public void Dispose()
    {
        lock (gate) file.Dispose();
    }
}
