using FASTER.core;
using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

public class LogDiskReaderTests
{
    [Fact]
    public void Walks_the_same_records_as_FASTERs_own_scan()
    {
        using var temp = new TempStore(memoryBytes: 2L << 20, pageBytes: 1L << 20);
        using var session = temp.Store.NewSession();
        // Values of many sizes (so records leave the end of pages empty), 300 KB values in chunks, overwrites,
        // deletes (tombstones) and expired keys, until most of the log is on disk only.
        var random = new Random(7);
        for (int i = 0; i < 3000; i++)
        {
            string key = "k" + random.Next(800);
            switch (random.Next(10))
            {
                case 0: session.Done(session.Delete(0, B(key))); break;
                case 1: session.Done(session.Set(0, B("big" + random.Next(20)), Pattern(300_000, i), StoreFlags.None, 0)); break;
                default: session.Done(session.Set(random.Next(3), B(key), Pattern(random.Next(1, 9000), i), StoreFlags.None, 0)); break;
            }
        }
        var log = temp.Store.Kv.Log;
        long head = log.HeadAddress;
        Assert.True(head - log.BeginAddress > 8L << 20, $"only {head - log.BeginAddress} bytes on disk");

        var expected = new List<(long Address, string Key, bool Tombstone)>();
        using (var iterator = log.Scan(log.BeginAddress, head, ScanBufferingMode.SinglePageBuffering))
            while (iterator.GetNext(out var info))
                expected.Add((iterator.CurrentAddress, Convert.ToHexString(iterator.GetKey().AsReadOnlySpan()), info.Tombstone));

        var walked = new List<(long Address, string Key, bool Tombstone)>();
        using var reader = temp.Store.NewLogDiskReader();
        for (long address = log.BeginAddress; address < head;)
        {
            long next = reader.Next(address, out var key, out bool tombstone, out int recordBytes);
            Assert.True(next > address);
            if (recordBytes > 0)
            {
                Assert.Equal(next - address, recordBytes);
                walked.Add((address, Convert.ToHexString(key), tombstone));
            }
            address = next;
        }

        Assert.True(expected.Count > 1000, $"{expected.Count} records");
        Assert.Contains(expected, record => record.Tombstone);
        Assert.Equal(expected, walked);
    }

    [Fact]
    public void Reads_a_small_block_per_large_record_rather_than_the_record()
    {
        using var temp = new TempStore(memoryBytes: 2L << 20, pageBytes: 1L << 20);
        using var session = temp.Store.NewSession();
        // 40 values of 1 MB: 680 records of about 64 KB, 40 MB of log.
        for (int i = 0; i < 40; i++) session.Done(session.Set(0, B("big" + i), Pattern(1 << 20, i), StoreFlags.None, 0));
        var log = temp.Store.Kv.Log;
        long head = log.HeadAddress;

        int records = 0;
        using var reader = temp.Store.NewLogDiskReader();
        for (long address = log.BeginAddress; address < head;)
        {
            address = reader.Next(address, out _, out _, out int recordBytes);
            if (recordBytes > 0) records++;
        }

        Assert.True(records > 600, $"{records} records");
        // A 4 KB block per record, and the empty end of each page (64 KB, as a record does not fit): FASTER's scan
        // reads all of it. With the default 1 MB chunks in 4 MB pages, the blocks are 0.4 % and pages have no end.
        Assert.True(reader.BytesRead < (head - log.BeginAddress) / 4, $"{reader.BytesRead} bytes read for {head - log.BeginAddress} bytes of log");
    }
}
