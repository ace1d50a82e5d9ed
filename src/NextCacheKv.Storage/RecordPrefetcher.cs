using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Intrinsics.X86;
using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// Warms the CPU cache for the keys of a pipelined batch before the batch runs, as Redis 8 does for its
/// batches: first every key's hash bucket, then the in-memory record each bucket points to. With more keys
/// than the caches hold, a SET or GET otherwise waits on two memory misses in a row (bucket, then record);
/// prefetched, those misses overlap across the batch.
/// <para>
/// FASTER 2.6.5 keeps its hash table and page table internal, so this reads them by reflection when the
/// index changes (open, growth) and keeps a reference to the table's array: its memory stays valid while
/// held, and every other access here is a prefetch, which never faults. At worst a stale snapshot warms
/// the wrong lines. If FASTER's internals are not found, <see cref="Available"/> is false and nothing is done.
/// </para>
/// </summary>
internal sealed unsafe class RecordPrefetcher
{
    private const int BucketBytes = 64;
    private const int EntriesPerBucket = 7;
    private const int TagShiftInEntry = 48;
    private const int TagShiftInHash = 50;
    private const long TagMask = (1L << 14) - 1;
    private const long AddressMask = (1L << 48) - 1;
    private const long ReadCacheBit = 1L << 47;
    /// <summary>Longer keys are skipped: hashing them costs more than the miss it would save.</summary>
    public const int MaxKeyBytes = 256;

    private readonly FasterKV<SpanByte, SpanByte> kv;
    private readonly Action<string> log;
    private FieldInfo? state;
    private readonly FieldInfo? resizeInfo;
    private readonly long[]? pagePointers;
    private readonly int pageBits;
    private readonly long pageMask;
    private readonly long bufferMask;
    private Table? table;

    public RecordPrefetcher(FasterKV<SpanByte, SpanByte> kv, Action<string> log)
    {
        this.kv = kv;
        this.log = log;
        try
        {
            state = FieldOf(typeof(FasterBase), "state");
            resizeInfo = FieldOf(typeof(FasterBase), "resizeInfo");
            object hybridLog = FieldOf(kv.GetType(), "hlog").GetValue(kv)!;
            var logType = hybridLog.GetType();
            pagePointers = (long[])FieldOf(logType, "pointers").GetValue(hybridLog)!;
            pageBits = (int)FieldOf(logType, "LogPageSizeBits").GetValue(hybridLog)!;
            pageMask = (int)FieldOf(logType, "PageSizeMask").GetValue(hybridLog)!;
            bufferMask = (int)FieldOf(logType, "BufferSizeMask").GetValue(hybridLog)!;
        }
        catch (Exception e)
        {
            TurnOff(e);
            return;
        }

        Refresh();
    }

    public bool Available => table is not null && Sse.IsSupported;

    /// <summary>Takes a new snapshot of the hash table (after the index was recovered or has grown).</summary>
    public void Refresh()
    {
        if (state is null || resizeInfo is null) return;
        try
        {
            object resize = resizeInfo.GetValue(kv)!;
            int version = (int)FieldOf(resize.GetType(), "version").GetValue(resize)!;
            object current = ((Array)state.GetValue(kv)!).GetValue(version)!;
            var type = current.GetType();
            object raw = FieldOf(type, "tableRaw").GetValue(current)!;
            long aligned = (long)Pointer.Unbox(FieldOf(type, "tableAligned").GetValue(current)!);
            long mask = (long)FieldOf(type, "size_mask").GetValue(current)!;
            Volatile.Write(ref table, new Table(raw, aligned, mask));
        }
        catch (Exception e)
        {
            TurnOff(e);
        }
    }

    /// <summary>A hint must never stop the store: anything unexpected in FASTER's internals turns prefetching off.</summary>
    private void TurnOff(Exception e)
    {
        state = null;
        Volatile.Write(ref table, null);
        log($"Batch prefetch off: FASTER's hash or page table was not where 2.6.5 keeps it ({e.GetType().Name}: {e.Message})");
    }

    /// <summary>
    /// Prefetches the buckets, then the records, of <paramref name="keys"/> (ranges of <paramref name="buffer"/>)
    /// in <paramref name="keyspace"/>. At most 64 keys.
    /// </summary>
    public void Prefetch(uint keyspace, ReadOnlySpan<byte> buffer, ReadOnlySpan<Range> keys)
    {
        var snapshot = Volatile.Read(ref table);
        if (snapshot is null || !Sse.IsSupported || keys.Length > 64) return;
        Span<long> hashes = stackalloc long[keys.Length];
        byte* storeKey = stackalloc byte[sizeof(uint) + MaxKeyBytes];
        *(uint*)storeKey = keyspace;
        for (int i = 0; i < keys.Length; i++)
        {
            var key = buffer[keys[i]];
            if (key.Length > MaxKeyBytes) continue;
            key.CopyTo(new Span<byte>(storeKey + sizeof(uint), MaxKeyBytes));
            long hash = Hash(new ReadOnlySpan<byte>(storeKey, sizeof(uint) + key.Length));
            hashes[i] = hash;
            Sse.Prefetch0(snapshot.Bucket(hash));
        }

        long head = kv.Log.HeadAddress;
        foreach (long hash in hashes)
        {
            byte* record = hash == 0 ? null : RecordOf(snapshot, hash, head);
            if (record is null) continue;
            Sse.Prefetch0(record);
            Sse.Prefetch0(record + BucketBytes);
        }
    }

    /// <summary>The log address of the newest in-memory record the index has for the key, or 0 (tests).</summary>
    public long AddressOf(ReadOnlySpan<byte> storeKey)
    {
        var snapshot = Volatile.Read(ref table);
        if (snapshot is null) return 0;
        return EntryAddress(snapshot, Hash(storeKey));
    }

    /// <summary>FASTER's hash of a key (its SpanByte comparer hashes the bytes).</summary>
    public static long Hash(ReadOnlySpan<byte> storeKey)
    {
        fixed (byte* p = storeKey) return Utility.HashBytes(p, storeKey.Length);
    }

    /// <summary>The tag FASTER keeps in the bucket entry: the hash's top 14 bits.</summary>
    public static long TagOf(long hash) => (long)((ulong)hash >> TagShiftInHash);

    /// <summary>The key of the in-memory record at <paramref name="address"/>: after the record header, a length then the bytes (tests).</summary>
    public byte[] KeyAt(long address)
    {
        byte* record = PageOf(address);
        if (record is null) return [];
        int length = *(int*)(record + RecordHeaderBytes) & SpanByteLengthMask;
        return new ReadOnlySpan<byte>(record + RecordHeaderBytes + sizeof(int), length).ToArray();
    }

    private const int RecordHeaderBytes = 8;
    private const int SpanByteLengthMask = (1 << 30) - 1;

    private byte* RecordOf(Table snapshot, long hash, long head)
    {
        long address = EntryAddress(snapshot, hash);
        return address < head ? null : PageOf(address);
    }

    /// <summary>The first non-tentative entry of the key's bucket with the key's tag (FASTER's FindTag, without overflow buckets).</summary>
    private static long EntryAddress(Table snapshot, long hash)
    {
        long* entries = (long*)snapshot.Bucket(hash);
        long tag = TagOf(hash);
        for (int i = 0; i < EntriesPerBucket; i++)
        {
            long word = entries[i];
            // Zero is an empty slot; a negative word has the tentative bit (63) set.
            if (word <= 0 || ((word >> TagShiftInEntry) & TagMask) != tag) continue;
            return (word & ReadCacheBit) != 0 ? 0 : word & AddressMask;
        }

        return 0;
    }

    private byte* PageOf(long address)
    {
        long page = pagePointers![(address >> pageBits) & bufferMask];
        return page == 0 ? null : (byte*)page + (address & pageMask);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "A field trimmed away is reported as missing, and prefetching stays off.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "As above, for the base types walked.")]
    private static FieldInfo FieldOf(Type type, string name)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            var field = t.GetField(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            if (field is not null) return field;
        }

        throw new MissingFieldException(type.Name, name);
    }

    /// <summary>One version of FASTER's hash table; <see cref="raw"/> keeps its memory alive.</summary>
    private sealed class Table(object raw, long aligned, long mask)
    {
        private readonly object raw = raw;

        public byte* Bucket(long hash) => (byte*)aligned + (hash & mask) * BucketBytes;

        public override string ToString() => $"{raw.GetType().Name} at {aligned:x}, mask {mask:x}";
    }
}
