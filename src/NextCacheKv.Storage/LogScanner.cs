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
