using System.Buffers.Binary;
using System.Text;
using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// The batch prefetcher reads FASTER's hash and page tables itself; these pin down that it finds the record
/// FASTER itself reads first for a key (the key's own, or the head of a chain the key is in), through index
/// growth and recovery.
/// </summary>
public class RecordPrefetcherTests
{
    private const int Keys = 3000;

    [Fact]
    public async Task It_finds_each_keys_record_through_FASTERs_index_as_it_grows_and_after_recovery()
    {
        using var temp = new TempStore(indexBytes: 4096);
        Assert.True(temp.Store.Prefetcher.Available);
        WriteAndFindEach(temp.Store, "key:", 300);
        using (var session = temp.Store.NewSession())
            for (int i = 300; i < Keys; i++) session.Done(session.Set(DbOf(i), B("key:" + i), B("value " + i), StoreFlags.None, 0));
        AssertEveryFoundRecordIsTheKeysChain(temp.Store, "key:", Keys);

        while (temp.Store.GrowIndexIfCrowded()) { }
        Assert.True(temp.Store.IndexBytes > 4096);
        AssertEveryFoundRecordIsTheKeysChain(temp.Store, "key:", Keys);
        WriteAndFindEach(temp.Store, "after growth:", 1000);

        Assert.True(await temp.Store.CheckpointAsync());
        temp.Reopen();
        Assert.True(temp.Store.Prefetcher.Available);
        AssertEveryFoundRecordIsTheKeysChain(temp.Store, "key:", Keys);
        WriteAndFindEach(temp.Store, "after recovery:", 1000);
    }

    [Fact]
    public void Prefetching_any_ranges_of_a_buffer_changes_nothing()
    {
        using var temp = new TempStore();
        using var session = temp.Store.NewSession();
        session.Done(session.Set(0, B("a"), B("1"), StoreFlags.None, 0));
        byte[] buffer = Encoding.ASCII.GetBytes("a" + new string('x', RecordPrefetcher.MaxKeyBytes + 10) + "missing");
        Range[] keys = [0..1, 0..0, 1..(RecordPrefetcher.MaxKeyBytes + 11), ^7.., 0..1];

        session.Prefetch(0, buffer, keys);
        session.Prefetch(15, buffer, keys);

        Assert.Equal("1", session.GetString(0, "a"));
        Assert.Null(session.GetString(0, "missing"));
    }

    [Fact]
    public void The_two_step_warming_of_one_key_hashes_it_in_its_database_as_FASTER_does()
    {
        using var temp = new TempStore();
        using var session = temp.Store.NewSession();
        for (int i = 0; i < 10; i++) session.Done(session.Set(DbOf(i), B("one:" + i), B("v"), StoreFlags.None, 0));

        for (int i = 0; i < 10; i++)
        {
            long token = session.PrefetchBucket(DbOf(i), B("one:" + i));
            Assert.Equal(FasterInternals.HashOf(StoreKey(temp.Store, "one:", i)), token);
            session.PrefetchRecord(token);
        }
        Assert.Equal(0, session.PrefetchBucket(0, new byte[RecordPrefetcher.MaxKeyBytes + 1]));
        session.PrefetchRecord(0);
        session.PrefetchRecord(-1);
        Assert.Equal("v", session.GetString(0, "one:0"));
    }

    /// <summary>
    /// A key just written heads its chain, so the index entry the prefetcher reads leads to its record, unless
    /// the entry went to an overflow bucket, which the prefetcher skips (here 0-30 % of keys, as buckets fill;
    /// a snapshot of a table FASTER no longer uses would find none).
    /// </summary>
    private static void WriteAndFindEach(CacheStore store, string prefix, int count)
    {
        using var session = store.NewSession();
        int found = 0;
        for (int i = 0; i < count; i++)
        {
            session.Done(session.Set(DbOf(i), B(prefix + i), B("value " + i), StoreFlags.None, 0));
            byte[] storeKey = StoreKey(store, prefix, i);
            if (store.Prefetcher.KeyAt(store.Prefetcher.AddressOf(storeKey)).AsSpan().SequenceEqual(storeKey)) found++;
        }

        Assert.True(found >= count / 2, $"{found} of {count} keys written with '{prefix}' found as themselves");
    }

    /// <summary>
    /// Every record found for an older key is its own or one with the same tag: the head of a chain the key is
    /// further down (FASTER's hash of similar keys shares tags, and its splits can leave an entry at a record of
    /// another bucket; its reads walk the chain comparing keys, so that record is the one it reads first).
    /// </summary>
    private static void AssertEveryFoundRecordIsTheKeysChain(CacheStore store, string prefix, int count)
    {
        for (int i = 0; i < count; i++)
        {
            byte[] storeKey = StoreKey(store, prefix, i);
            long address = store.Prefetcher.AddressOf(storeKey);
            if (address == 0) continue;
            byte[] found = store.Prefetcher.KeyAt(address);
            Assert.True(found.Length > 0, $"{prefix}{i}: no record in memory at {address}");
            if (!found.AsSpan().SequenceEqual(storeKey))
                Assert.Equal(RecordPrefetcher.TagOf(FasterInternals.HashOf(storeKey)), RecordPrefetcher.TagOf(FasterInternals.HashOf(found)));
        }
    }

    private static int DbOf(int i) => i % 2 == 0 ? 0 : 3;

    private static byte[] StoreKey(CacheStore store, string prefix, int i)
    {
        uint keyspace = store.KeyspaceOf(DbOf(i));
        string key = prefix + i;
        var storeKey = new byte[sizeof(uint) + key.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(storeKey, keyspace);
        Encoding.ASCII.GetBytes(key, storeKey.AsSpan(sizeof(uint)));
        return storeKey;
    }
}
