using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

public class RecoveryTests
{
    [Fact]
    public async Task A_checkpoint_restores_values_databases_and_counts()
    {
        using var temp = new TempStore();
        using (var session = temp.Store.NewSession())
        {
            for (int i = 0; i < 500; i++) session.Done(session.Set(i % 3, B("k" + i), B("v" + i), StoreFlags.None, 0));
            session.Done(session.IncrBy(5, B("n"), 7));
        }
        temp.Store.SwapDb(0, 1);
        temp.Store.FlushDb(2);
        Assert.True(await temp.Store.CheckpointAsync());
        using (var session = temp.Store.NewSession()) session.Done(session.Set(0, B("after"), B("lost"), StoreFlags.None, 0));

        temp.Reopen();

        Assert.True(temp.Store.Recovery.Recovered);
        using var reader = temp.Store.NewSession();
        Assert.Equal("v1", reader.GetString(0, "k1"));
        Assert.Equal("v0", reader.GetString(1, "k0"));
        Assert.Null(reader.GetString(2, "k2"));
        Assert.Equal("7", reader.GetString(5, "n"));
        Assert.Null(reader.GetString(0, "after"));
        Assert.Equal(167, temp.Store.KeyCount(0));
        Assert.Equal(167, temp.Store.KeyCount(1));
        Assert.Equal(0, temp.Store.KeyCount(2));
        Assert.Equal(1, temp.Store.KeyCount(5));
    }

    [Fact]
    public void A_store_without_a_checkpoint_opens_empty()
    {
        using var temp = new TempStore();
        Assert.False(temp.Store.Recovery.CheckpointFound);
        Assert.Equal(0, temp.Store.KeyCount(0));
    }

    [Fact]
    public async Task A_damaged_checkpoint_is_refused_unless_starting_empty_is_allowed()
    {
        using var temp = new TempStore();
        using (var session = temp.Store.NewSession()) session.Done(session.Set(0, B("k"), B("v"), StoreFlags.None, 0));
        Assert.True(await temp.Store.CheckpointAsync());
        temp.Store.Dispose();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(temp.Directory, "checkpoints"), "*", SearchOption.AllDirectories))
            File.WriteAllBytes(file, new byte[] { 1, 2, 3 });

        Assert.Throws<StoreRecoveryException>(() => CacheStore.Open(temp.Options()));

        var options = temp.Options();
        options.StartEmptyOnRecoveryFailure = true;
        using var store = CacheStore.Open(options);
        Assert.True(store.Recovery.CheckpointFound);
        Assert.False(store.Recovery.Recovered);
    }

    [Fact]
    public async Task Each_checkpoint_deletes_the_ones_before_it()
    {
        using var temp = new TempStore();
        for (int round = 1; round <= 3; round++)
        {
            using (var session = temp.Store.NewSession()) session.Done(session.Set(0, B("k"), B("v" + round), StoreFlags.None, 0));
            Assert.True(await temp.Store.CheckpointAsync());
            Assert.Single(CheckpointTokens(temp, "cpr-checkpoints"));
            Assert.Single(CheckpointTokens(temp, "index-checkpoints"));
        }

        temp.Reopen();

        using var reader = temp.Store.NewSession();
        Assert.Equal("v3", reader.GetString(0, "k"));
    }

    /// <summary>
    /// <paramref name="oldFolderLooksNewer"/>: the left-behind checkpoint's folders have the later modified time, as
    /// after the wall clock stepped back, two checkpoints within one tick of the file system's coarse clock, or a
    /// deletion that removed some of its files. FASTER alone would recover it; its metadata says it is older.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_checkpoint_left_behind_by_a_crash_is_not_recovered_and_goes_with_the_next_one(bool oldFolderLooksNewer)
    {
        using var temp = new TempStore();
        using (var session = temp.Store.NewSession()) session.Done(session.Set(0, B("k"), B("old"), StoreFlags.None, 0));
        Assert.True(await temp.Store.CheckpointAsync());
        string kept = Path.Combine(temp.Directory, "kept");
        CopyDirectory(Path.Combine(temp.Directory, "checkpoints"), kept);
        using (var session = temp.Store.NewSession()) session.Done(session.Set(0, B("k"), B("new"), StoreFlags.None, 0));
        Assert.True(await temp.Store.CheckpointAsync());
        temp.Store.Dispose();
        // As if the process died between writing the second checkpoint and deleting the first.
        CopyDirectory(kept, Path.Combine(temp.Directory, "checkpoints"));
        Assert.Equal(2, CheckpointTokens(temp, "cpr-checkpoints").Length);
        if (oldFolderLooksNewer)
        {
            foreach (string kind in new[] { "cpr-checkpoints", "index-checkpoints" })
                foreach (string token in Directory.GetDirectories(Path.Combine(kept, kind)))
                    Directory.SetLastWriteTimeUtc(Path.Combine(temp.Directory, "checkpoints", kind, Path.GetFileName(token)), DateTime.UtcNow.AddHours(1));
        }

        temp.Reopen();

        using (var reader = temp.Store.NewSession()) Assert.Equal("new", reader.GetString(0, "k"));
        Assert.True(await temp.Store.CheckpointAsync());
        Assert.Single(CheckpointTokens(temp, "cpr-checkpoints"));
        Assert.Single(CheckpointTokens(temp, "index-checkpoints"));
    }

    /// <summary>
    /// FASTER's index checkpoint is a fuzzy copy of the live table and can end after its log snapshot did
    /// (kill -9 during writes brought back a saved key as missing). Simulated exactly: checkpoint 1's log with
    /// the index copy of checkpoint 2, taken after more writes. Recovery finds the entries past the log's end
    /// and rebuilds the index from the log, so every key has checkpoint 1's value.
    /// </summary>
    [Fact]
    public async Task An_index_checkpoint_that_outran_its_log_is_rebuilt_from_the_log()
    {
        using var temp = new TempStore();
        using (var session = temp.Store.NewSession())
            for (int i = 0; i < 200; i++) session.Done(session.Set(0, B("k" + i), B("first " + i), StoreFlags.None, 0));
        Assert.True(await temp.Store.CheckpointAsync());
        string first = Path.GetFileName(Assert.Single(CheckpointTokens(temp, "cpr-checkpoints")));
        string saved = Path.Combine(temp.Directory, "saved");
        CopyDirectory(Path.Combine(temp.Directory, "checkpoints"), saved);

        using (var session = temp.Store.NewSession())
        {
            // Longer values: new records at the tail, so the index entries of k0..k99 move past checkpoint 1's log.
            for (int i = 0; i < 100; i++) session.Done(session.Set(0, B("k" + i), B("second, and longer " + i), StoreFlags.None, 0));
            for (int i = 0; i < 100; i++) session.Done(session.Set(0, B("n" + i), B("new " + i), StoreFlags.None, 0));
        }
        Assert.True(await temp.Store.CheckpointAsync());
        string second = Path.GetFileName(Assert.Single(CheckpointTokens(temp, "index-checkpoints")));
        byte[] laterIndex = File.ReadAllBytes(Path.Combine(temp.Directory, "checkpoints", "index-checkpoints", second, "ht.dat.0"));
        temp.Store.Dispose();
        Directory.Delete(Path.Combine(temp.Directory, "checkpoints"), recursive: true);
        CopyDirectory(saved, Path.Combine(temp.Directory, "checkpoints"));
        File.WriteAllBytes(Path.Combine(temp.Directory, "checkpoints", "index-checkpoints", first, "ht.dat.0"), laterIndex);
        // And a newer checkpoint a crash left unfinished (its folders, no files): both recoveries pass over it.
        string unfinished = Guid.NewGuid().ToString();
        Directory.CreateDirectory(Path.Combine(temp.Directory, "checkpoints", "cpr-checkpoints", unfinished));
        Directory.CreateDirectory(Path.Combine(temp.Directory, "checkpoints", "index-checkpoints", unfinished));

        temp.Reopen();

        Assert.True(temp.Store.Recovery.Recovered);
        using var reader = temp.Store.NewSession();
        for (int i = 0; i < 200; i++) Assert.Equal("first " + i, reader.GetString(0, "k" + i));
        for (int i = 0; i < 100; i++) Assert.Null(reader.GetString(0, "n" + i));
        Assert.Equal(200, temp.Store.KeyCount(0));
        reader.Done(reader.Set(0, B("after"), B("written"), StoreFlags.None, 0));
        Assert.Equal("written", reader.GetString(0, "after"));
        for (int i = 0; i < 200; i++) Assert.Equal("first " + i, reader.GetString(0, "k" + i));
    }

    private static string[] CheckpointTokens(TempStore temp, string kind) =>
        Directory.GetDirectories(Path.Combine(temp.Directory, "checkpoints", kind));

    /// <summary>Copies keeping the folders' times, which FASTER alone would recover by.</summary>
    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.SetLastWriteTimeUtc(Path.Combine(to, Path.GetRelativePath(from, directory)), Directory.GetLastWriteTimeUtc(directory));
    }

    [Fact]
    public async Task Recovery_counts_keys_and_finds_stubs_and_manifests_in_the_part_of_the_log_only_on_disk()
    {
        using var temp = new TempStore(memoryBytes: 2L << 20, pageBytes: 1L << 20, chunkGracePeriod: TimeSpan.FromHours(1));
        using (var session = temp.Store.NewSession())
        {
            using (session.Objects.Locks.Enter(B("hash")))
            {
                var hash = new NextCacheKv.Storage.Objects.HashObject();
                hash.Set(B("field"), B("value"));
                Assert.True(session.CreateObject(0, B("hash"), hash));
            }
            session.Done(session.Set(0, B("big"), Pattern(300_000, 1), StoreFlags.None, 0));
            session.Done(session.Set(0, B("replaced"), Pattern(200_000, 2), StoreFlags.None, 0));
            session.Done(session.Set(0, B("replaced"), Pattern(200_000, 3), StoreFlags.None, 0));
            // 10 MB of small keys after them: the stub, the manifests and the chunks are now on disk only.
            for (int i = 0; i < 10_000; i++) session.Done(session.Set(1, B("k" + i), Pattern(1000, i), StoreFlags.None, 0));
        }
        Assert.True(await temp.Store.CheckpointAsync());

        temp.Reopen();

        Assert.Equal(3, temp.Store.KeyCount(0));
        Assert.Equal(10_000, temp.Store.KeyCount(1));
        // The replaced value's chunks have no manifest; the stub found its hash in the snapshot.
        Assert.Equal(1, temp.Store.ReleasedChunkedValues);
        using var reader = temp.Store.NewSession();
        Assert.Equal(Pattern(300_000, 1), GetBytes(reader, 0, "big"));
        Assert.Equal(Pattern(200_000, 3), GetBytes(reader, 0, "replaced"));
        using (reader.Objects.Locks.Enter(B("hash")))
            Assert.Equal(ObjectLookup.Found, reader.FindObject(0, B("hash"), ValueKind.Hash, out _));
    }
}
