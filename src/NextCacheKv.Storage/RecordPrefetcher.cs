using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// Warms the CPU cache for the keys of a pipelined batch before the batch runs, as Redis 8 does for its
/// batches: first every key's hash bucket, then the in-memory record each bucket points to. With more keys
/// than the caches hold, a SET or GET otherwise waits on two memory misses in a row (bucket, then record);
/// prefetched, those misses overlap across the batch.
/// <para>
/// FASTER 2.6.5 keeps its hash table and page table internal (<see cref="FasterInternals"/>), so this takes a
/// snapshot of them when the index changes (open, growth) and keeps a reference to the table's array: its
/// memory stays valid while held, and every other access here is a prefetch, which never faults. At worst a
/// stale snapshot warms the wrong lines. If FASTER's internals are not found, <see cref="Available"/> is false
/// and nothing is done.
/// </para>
/// </summary>
internal sealed unsafe class RecordPrefetcher
{
    /// <summary>Longer keys are skipped: hashing them costs more than the miss it would save.</summary>
    public const int MaxKeyBytes = 256;

    private readonly FasterKV<SpanByte, SpanByte> kv;
    private readonly Action<string> log;
    private readonly long[] pagePointers = [];
    private readonly int pageBits;
    private readonly long pageMask;
    private readonly long bufferMask;
    private bool off;
    private FasterInternals.HashTable? table;

    public RecordPrefetcher(FasterKV<SpanByte, SpanByte> kv, Action<string> log)
    {
        this.kv = kv;
        this.log = log;
        try
        {
            (pagePointers, pageBits, pageMask, bufferMask) = FasterInternals.LogPages(kv);
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
        if (off) return;
        try
        {
            Volatile.Write(ref table, FasterInternals.CurrentTable(kv));
        }
        catch (Exception e)
        {
            TurnOff(e);
        }
    }

    /// <summary>A hint must never stop the store: anything unexpected in FASTER's internals turns prefetching off.</summary>
    private void TurnOff(Exception e)
    {
        off = true;
        Volatile.Write(ref table, null);
        log($"Batch prefetch off: FASTER's hash or page table was not where 2.6.5 keeps it ({e.GetType().Name}: {e.Message})");
    }

    /// <summary>
    /// Prefetches the buckets, then the records, of <paramref name="keys"/> (ranges of <paramref name="buffer"/>)
    /// in <paramref name="keyspace"/>. At most 64 keys.
    /// </summary>
    public void Prefetch(uint keyspace, ReadOnlySpan<byte> buffer, ReadOnlySpan<Range> keys)
    {
        if (keys.Length > 64) return;
        Span<long> hashes = stackalloc long[keys.Length];
        for (int i = 0; i < keys.Length; i++) hashes[i] = PrefetchBucket(keyspace, buffer[keys[i]]);
        foreach (long hash in hashes) PrefetchRecord(hash);
    }

    /// <summary>
    /// First step for one key: prefetches its hash bucket and returns its hash, for <see cref="PrefetchRecord"/>
    /// once the bucket has had time to arrive (0: nothing to follow). Reads nothing of any session.
    /// </summary>
    // The key buffer is written before it is read: zeroing it cost a cache line's worth of stores per key.
    [SkipLocalsInit]
    public long PrefetchBucket(uint keyspace, ReadOnlySpan<byte> key)
    {
        var snapshot = Volatile.Read(ref table);
        if (snapshot is null || !Sse.IsSupported || key.Length > MaxKeyBytes) return 0;
        byte* storeKey = stackalloc byte[sizeof(uint) + MaxKeyBytes];
        *(uint*)storeKey = keyspace;
        key.CopyTo(new Span<byte>(storeKey + sizeof(uint), MaxKeyBytes));
        long hash = FasterInternals.HashOf(new ReadOnlySpan<byte>(storeKey, sizeof(uint) + key.Length));
        Sse.Prefetch0(snapshot.Bucket(hash & snapshot.Mask));
        return hash;
    }

    /// <summary>Second step: prefetches the in-memory record the key's bucket points to, if any.</summary>
    public void PrefetchRecord(long hash)
    {
        var snapshot = Volatile.Read(ref table);
        if (hash == 0 || snapshot is null) return;
        byte* record = RecordOf(snapshot, hash, kv.Log.HeadAddress);
        if (record is null) return;
        // The header and key, then the value: three lines hold a 100-byte value with its key.
        Sse.Prefetch0(record);
        Sse.Prefetch0(record + CacheLine);
        Sse.Prefetch0(record + 2 * CacheLine);
    }

    /// <summary>The log address of the newest in-memory record the index has for the key, or 0 (tests).</summary>
    public long AddressOf(ReadOnlySpan<byte> storeKey)
    {
        var snapshot = Volatile.Read(ref table);
        return snapshot is null ? 0 : EntryAddress(snapshot, FasterInternals.HashOf(storeKey));
    }

    /// <summary>The tag FASTER keeps in the bucket entry: the hash's top 14 bits.</summary>
    public static long TagOf(long hash) => (long)((ulong)hash >> FasterInternals.TagShiftInHash);

    /// <summary>The key of the in-memory record at <paramref name="address"/>: after the record header, a length then the bytes (tests).</summary>
    public byte[] KeyAt(long address)
    {
        byte* record = PageOf(address);
        if (record is null) return [];
        int length = *(int*)(record + RecordHeaderBytes) & SpanByteLengthMask;
        return new ReadOnlySpan<byte>(record + RecordHeaderBytes + sizeof(int), length).ToArray();
    }

    private const int CacheLine = 64;
    private const int RecordHeaderBytes = 8;
    private const int SpanByteLengthMask = (1 << 30) - 1;

    private byte* RecordOf(FasterInternals.HashTable snapshot, long hash, long head)
    {
        long address = EntryAddress(snapshot, hash);
        return address < head ? null : PageOf(address);
    }

    /// <summary>The first non-tentative entry of the key's bucket with the key's tag (FASTER's FindTag, without overflow buckets).</summary>
    private static long EntryAddress(FasterInternals.HashTable snapshot, long hash)
    {
        long* entries = snapshot.Bucket(hash & snapshot.Mask);
        long tag = TagOf(hash);
        for (int i = 0; i < FasterInternals.EntriesPerBucket; i++)
        {
            long word = entries[i];
            // Zero is an empty slot; a negative word has the tentative bit (63) set.
            if (word <= 0 || ((word >> FasterInternals.TagShiftInEntry) & FasterInternals.TagMask) != tag) continue;
            return (word & FasterInternals.ReadCacheBit) != 0 ? 0 : word & FasterInternals.AddressMask;
        }

        return 0;
    }

    private byte* PageOf(long address)
    {
        if (pagePointers.Length == 0) return null;
        long page = pagePointers[(address >> pageBits) & bufferMask];
        return page == 0 ? null : (byte*)page + (address & pageMask);
    }
}
