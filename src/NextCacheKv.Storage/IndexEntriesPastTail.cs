using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// Checks a recovered hash index against its log. FASTER's index checkpoint is a fuzzy copy of the live hash
/// table, written while commands go on. In FASTER 2.6.5 that copy can end after the log snapshot's last
/// address was fixed, and then it holds entries for records the snapshot does not have. Found by kill -9
/// during writes: a key acknowledged before SAVE came back missing, its entry pointing past the recovered
/// log's tail. Such an entry hides every older record of its chain, and once new records fill the log up to
/// its address, it points into the middle of one.
/// </summary>
internal static unsafe class IndexEntriesPastTail
{
    /// <summary>How many entries (overflow buckets included) point at or past the log's tail.</summary>
    public static long Count(FasterKV<SpanByte, SpanByte> kv)
    {
        var table = FasterInternals.CurrentTable(kv);
        var overflow = FasterInternals.OverflowBuckets(kv);
        long tail = kv.Log.TailAddress;
        long count = 0;
        for (long index = 0; index < table.Size; index++)
        {
            long* bucket = table.Bucket(index);
            while (true)
            {
                for (int slot = 0; slot < FasterInternals.EntriesPerBucket; slot++)
                {
                    long word = bucket[slot];
                    if (word == 0 || (word & FasterInternals.ReadCacheBit) != 0) continue;
                    if ((word & FasterInternals.AddressMask) >= tail) count++;
                }

                // The last word links the overflow bucket (its high bits are latches).
                long next = bucket[FasterInternals.EntriesPerBucket] & FasterInternals.AddressMask;
                if (next == 0) break;
                bucket = (long*)overflow(next);
            }
        }

        GC.KeepAlive(table.Memory);
        return count;
    }
}
