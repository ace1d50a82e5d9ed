using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// A shorter value is written over the old one in place, and the record keeps its size (the rest marked as
/// padding), so overwrites that shrink and grow back within it do not grow the log; scans, counts and
/// recovery still see every key and value.
/// </summary>
public class InPlaceShrinkTests
{
    [Fact]
    public async Task Shorter_values_overwrite_in_place_and_everything_still_reads_scans_and_recovers()
    {
        using var temp = new TempStore();
        const int Keys = 2000;
        using (var session = temp.Store.NewSession())
        {
            for (int i = 0; i < Keys; i++) session.Done(session.Set(0, B("k" + i), B(new string('x', 150)), StoreFlags.None, 0));
            long tail = temp.Store.LogTailAddress;

            // Every size from 149 down to 1 byte, on every key: none of it appends.
            for (int length = 149; length >= 1; length -= 37)
                for (int i = 0; i < Keys; i++) session.Done(session.Set(0, B("k" + i), B(new string((char)('a' + length % 26), length)), StoreFlags.None, 0));
            session.Done(session.Set(0, B("counter"), B("-100"), StoreFlags.None, 0));
            long afterCounter = temp.Store.LogTailAddress;
            for (int i = 0; i < 95; i++) session.Done(session.IncrBy(0, B("counter"), 1));

            Assert.True(afterCounter - tail < 1024, $"the log grew by {afterCounter - tail} bytes");
            Assert.Equal(afterCounter, temp.Store.LogTailAddress);
            Assert.Equal("-5", session.GetString(0, "counter"));
            Assert.Equal(new string('b', 1), session.GetString(0, "k7"));

            // Growing back within the record's first size is in place too, on every key, and reads right.
            for (int i = 0; i < Keys; i++) session.Done(session.Set(0, B("k" + i), B(new string('z', 150)), StoreFlags.None, 0));
            for (int i = 0; i < Keys; i++) session.Done(session.Set(0, B("k" + i), B(new string('y', 3)), StoreFlags.None, 0));
            session.Done(session.Set(0, B("k7"), B(new string('z', 120)), StoreFlags.None, 0));
            Assert.Equal(afterCounter, temp.Store.LogTailAddress);
            Assert.Equal(new string('z', 120), session.GetString(0, "k7"));
            Assert.Equal(120, session.Done(session.StrLen(0, B("k7"))).Integer);
            Assert.Equal(new string('y', 3), session.GetString(0, "k8"));

            // Past it, a new record at the tail.
            session.Done(session.Set(0, B("k9"), B(new string('w', 151)), StoreFlags.None, 0));
            Assert.True(temp.Store.LogTailAddress > afterCounter);
            Assert.Equal(new string('w', 151), session.GetString(0, "k9"));
        }

        Assert.Equal(Keys + 1, ScannedKeys(temp.Store));
        Assert.True(await temp.Store.CheckpointAsync());
        temp.Reopen();

        Assert.Equal(Keys + 1, temp.Store.KeyCount(0));
        Assert.Equal(Keys + 1, ScannedKeys(temp.Store));
        using var reader = temp.Store.NewSession();
        Assert.Equal("-5", reader.GetString(0, "counter"));
        Assert.Equal(new string('z', 120), reader.GetString(0, "k7"));
        Assert.Equal(new string('w', 151), reader.GetString(0, "k9"));
        for (int i = 0; i < Keys; i++)
            if (i is not 7 and not 9) Assert.Equal("yyy", reader.GetString(0, "k" + i));
    }

    private static int ScannedKeys(CacheStore store)
    {
        using var session = store.NewSession();
        var seen = new HashSet<string>();
        long cursor = 0;
        do cursor = session.ScanKeys(0, cursor, 1000, (key, _) => seen.Add(System.Text.Encoding.UTF8.GetString(key)) || true);
        while (cursor != 0);
        return seen.Count;
    }
}
