using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// Keys sharing hash chains whose records are on disk: a read then walks the chain on disk, and the
/// record it lands on is not the chain's head. SCAN, the key count after recovery and compaction must all
/// still see every key (compaction once dropped such keys, at 1M entries in the Next.js benchmark).
/// </summary>
public class HashChainOnDiskTests
{
    private const int Keys = 20_000;

    [Fact]
    public async Task Every_key_survives_scan_recovery_and_compaction_when_chains_live_on_disk()
    {
        // A 4 KB index (64 buckets) forces long chains; 4 MB of memory puts most records on disk.
        using var temp = new TempStore(memoryBytes: 4L << 20, pageBytes: 1L << 20, indexBytes: 4096);
        using (var session = temp.Store.NewSession())
        {
            var value = new byte[400];
            for (int i = 0; i < Keys; i++) session.Done(session.Set(0, B("k" + i), value, StoreFlags.None, 0));
            // Rewrite a tenth with another size so older versions sit in the log below newer ones.
            var other = new byte[300];
            for (int i = 0; i < Keys; i += 10) session.Done(session.Set(0, B("k" + i), other, StoreFlags.None, 0));
            Assert.Equal(Keys, session.AllKeys(0).Distinct().Count());

            long moved = await temp.Store.CompactAsync(session, temp.Store.LogTailAddress);
            Assert.True(moved > 0);
            Assert.Equal(Keys, session.AllKeys(0).Distinct().Count());
            for (int i = 0; i < Keys; i += 97)
                Assert.Equal(i % 10 == 0 ? 300 : 400, session.Done(session.StrLen(0, B("k" + i))).Integer);
            Assert.True(await temp.Store.CheckpointAsync());
        }

        temp.Reopen();
        Assert.Equal(Keys, temp.Store.KeyCount(0));
        using var reader = temp.Store.NewSession();
        Assert.Equal(Keys, reader.AllKeys(0).Distinct().Count());
    }
}
