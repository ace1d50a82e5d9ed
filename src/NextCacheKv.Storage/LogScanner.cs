using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// Walks the log from an address and reports each record that is the latest version of its key
/// (the address the index points to) and not a tombstone. Runs on a worker thread: reading log
/// pages from disk blocks. The cursor is a log address, which gives SCAN Redis's guarantee: a key
/// that stays present is either at or after the cursor or moves to the tail when it changes.
/// </summary>
internal static class LogScanner
{
    public delegate bool RecordVisitor(ReadOnlySpan<byte> storeKey, ReadOnlySpan<byte> value);

    /// <summary>A cheap test on a record's own bytes; only records that pass it pay for the is-it-latest lookup.</summary>
    public delegate bool RecordFilter(ReadOnlySpan<byte> storeKey, ReadOnlySpan<byte> value);

    /// <summary>
    /// Visits up to <paramref name="maxRecords"/> records in [from, until) that pass <paramref name="filter"/>;
    /// returns the address to resume from, or 0 at the end. <paramref name="inMemoryOnly"/> starts at the
    /// log's head, so no page is read from disk.
    /// </summary>
    public static unsafe long Scan(CacheStore store, ClientSession<SpanByte, SpanByte, SpanByte, StoreOutput, long, StoreFunctions> session,
        long from, long maxRecords, RecordVisitor visitor, long until = long.MaxValue, RecordFilter? filter = null, bool inMemoryOnly = false)
    {
        var log = store.Kv.Log;
        long begin = Math.Max(from, inMemoryOnly ? log.HeadAddress : log.BeginAddress);
        long end = Math.Min(until, log.TailAddress);
        if (begin >= end) return 0;
        using var iterator = log.Scan(begin, end, ScanBufferingMode.SinglePageBuffering);
        long examined = 0;
        Span<byte> input = stackalloc byte[StoreInput.HeaderSize];
        StoreInput.WriteHeader(input, StoreOp.Inspect, StoreFlags.None, 0, 0, 0);
        while (iterator.GetNext(out var info))
        {
            if (examined++ >= maxRecords) return iterator.CurrentAddress;
            if (info.Tombstone) continue;
            ref var key = ref iterator.GetKey();
            var value = ValueHeader.Stored(iterator.GetValue().AsReadOnlySpan());
            if (filter is not null && !filter(key.AsReadOnlySpan(), value)) continue;
            if (!IsLatest(session, ref key, input, iterator.CurrentAddress)) continue;
            if (!visitor(key.AsReadOnlySpan(), value)) return iterator.NextAddress;
        }
        // Stopped at `until` before the tail: resume at the next record boundary.
        return end < log.TailAddress ? Math.Max(iterator.NextAddress, end) : 0;
    }

    /// <summary>A live record: its store key, the head of its value (<see cref="ValueHeadBytes"/>), and its bytes in the log.</summary>
    public delegate bool KeyVisitor(ReadOnlySpan<byte> storeKey, ReadOnlySpan<byte> valueHead, int recordBytes);

    /// <summary>
    /// How much of each value <see cref="ScanKeys"/> reads from disk: the value header (10 bytes) and what follows it in
    /// a chunked value's manifest (24) or a collection's stub (8), with room to spare. Shorter values come whole.
    /// </summary>
    public const int ValueHeadBytes = 64;

    public delegate bool KeyFilter(ReadOnlySpan<byte> storeKey);

    /// <summary>
    /// <see cref="Scan"/> for callers that need only the keys and the head of each value (compaction, recovery's
    /// count): the part of the log only on disk is walked by <see cref="LogDiskReader"/>, which reads record headers,
    /// keys and value heads rather than whole pages, so a log of large values costs a few kilobytes per record
    /// instead of its size. The visitor gets each live key, its value's head and the bytes its record takes.
    /// </summary>
    public static unsafe long ScanKeys(CacheStore store, ClientSession<SpanByte, SpanByte, SpanByte, StoreOutput, long, StoreFunctions> session,
        long from, long maxRecords, KeyVisitor visitor, long until, KeyFilter filter)
    {
        var log = store.Kv.Log;
        long address = Math.Max(from, log.BeginAddress);
        long end = Math.Min(until, log.TailAddress);
        if (address >= end) return 0;
        long diskEnd = Math.Min(end, log.HeadAddress);
        long examined = 0;
        if (address < diskEnd)
        {
            // Gathered first, then checked together: a key whose newest record is on disk costs a disk read, and
            // one at a time those reads took seconds per gigabyte of dead 1 MB chunks.
            var candidates = new List<(byte[] Key, byte[] ValueHead, long Address, long Next, int Bytes)>();
            using (var reader = store.NewLogDiskReader())
                while (address < diskEnd && examined < maxRecords)
                {
                    long next = reader.Next(address, ValueHeadBytes, out var key, out var valueHead, out bool wholeValue, out bool tombstone, out int recordBytes);
                    if (recordBytes > 0)
                    {
                        examined++;
                        // A whole value loses its padding as Scan's do; a head is the value's first bytes as they are.
                        if (!tombstone && filter(key))
                            candidates.Add((key.ToArray(), (wholeValue ? ValueHeader.Stored(valueHead) : valueHead).ToArray(), address, next, recordBytes));
                    }
                    address = next;
                }
            var latest = AreLatest(session, candidates.ConvertAll(candidate => (candidate.Key, candidate.Address)));
            for (int i = 0; i < candidates.Count; i++)
                if (latest[i] && !visitor(candidates[i].Key, candidates[i].ValueHead, candidates[i].Bytes)) return candidates[i].Next;
            if (examined >= maxRecords && address < end) return address;
            if (address >= end) return end < log.TailAddress ? address : 0;
        }
        // The rest was in memory when this began: FASTER's iterator reads it without disk reads.
        return Scan(store, session, address, maxRecords - examined, (key, value) => visitor(key, value, key.Length + value.Length),
            until, (key, _) => filter(key));
    }

    /// <summary>
    /// <see cref="IsLatest(ClientSession{SpanByte, SpanByte, SpanByte, StoreOutput, long, StoreFunctions}, ref SpanByte, ReadOnlySpan{byte}, long)"/>
    /// for many records at once: every lookup is issued before any is awaited, so the disk reads overlap.
    /// </summary>
    private static unsafe bool[] AreLatest(ClientSession<SpanByte, SpanByte, SpanByte, StoreOutput, long, StoreFunctions> session,
        List<(byte[] Key, long Address)> records)
    {
        var latest = new bool[records.Count];
        if (records.Count == 0) return latest;
        Span<byte> input = stackalloc byte[StoreInput.HeaderSize];
        StoreInput.WriteHeader(input, StoreOp.Inspect, StoreFlags.None, 0, 0, 0);
        bool pending = false;
        fixed (byte* i = input)
        {
            var inputSpan = SpanByte.FromPointer(i, input.Length);
            for (int index = 0; index < records.Count; index++)
                fixed (byte* k = records[index].Key)
                {
                    var key = SpanByte.FromPointer(k, records[index].Key.Length);
                    var output = new StoreOutput { Status = OpStatus.NotFound };
                    var status = session.Read(ref key, ref inputSpan, ref output, index);
                    if (status.IsPending) pending = true;
                    else latest[index] = status.Found && output.RecordAddress == records[index].Address;
                }
        }
        if (!pending) return latest;
        session.CompletePendingWithOutputs(out var outputs, wait: true);
        using (outputs)
            while (outputs.Next())
            {
                int index = (int)outputs.Current.Context;
                latest[index] = outputs.Current.Status.Found && outputs.Current.Output.RecordAddress == records[index].Address;
            }
        return latest;
    }

    /// <summary>
    /// True when the index leads to the record at <paramref name="address"/>. The address comes from the
    /// read callback: after a disk read that walked a hash chain past other keys, FASTER's RecordMetadata
    /// still names the chain's head, which made compaction drop live records (seen at 1M keys).
    /// </summary>
    private static unsafe bool IsLatest(ClientSession<SpanByte, SpanByte, SpanByte, StoreOutput, long, StoreFunctions> session,
        ref SpanByte key, ReadOnlySpan<byte> input, long address)
    {
        fixed (byte* i = input)
        {
            var inputSpan = SpanByte.FromPointer(i, input.Length);
            var output = new StoreOutput { Status = OpStatus.NotFound };
            var status = session.Read(ref key, ref inputSpan, ref output, 0);
            if (status.IsPending)
            {
                session.CompletePendingWithOutputs(out var outputs, wait: true);
                using (outputs)
                {
                    if (!outputs.Next()) return false;
                    status = outputs.Current.Status;
                    output = outputs.Current.Output;
                }
            }
            return status.Found && output.RecordAddress == address;
        }
    }
}
