using System.Runtime.InteropServices;
using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// Log pages no record has reached stay out of resident memory (<see cref="LazyLogPages"/>): FASTER clears each
/// page it allocates, one page ahead of the tail, so an empty store with 4 MB pages held 8 MB. Residency is read
/// with <c>mincore</c> over the log's pages, which reports what the process has touched.
/// </summary>
public sealed class LazyLogPagesTests : IDisposable
{
    private const long MB = 1L << 20;
    private const int OsPage = 4096;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "nextcachekv-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    private CacheStore Open() => CacheStore.Open(new StoreOptions { Directory = directory, MemoryBytes = 64 * MB, PageBytes = 4 * MB });

    [Fact]
    public void An_empty_store_keeps_its_log_pages_out_of_memory()
    {
        using var store = Open();

        Assert.True(ResidentLogBytes(store) < 64 * 1024, $"{ResidentLogBytes(store)} bytes of log pages resident");
        Assert.Equal(2 * 4 * MB, store.LogMemoryBytes);
    }

    [Fact]
    public void Pages_the_writes_reach_are_resident_only_as_far_as_written()
    {
        using var store = Open();
        using (var session = store.NewSession())
        {
            // About 6 MB: the tail moves into the second page, and FASTER takes a third one ahead of it.
            for (int i = 0; i < 6000; i++) session.Done(session.Set(0, B("key-" + i), Pattern(1000, i), StoreFlags.None, 0));
        }

        long written = store.LogTailAddress;
        long resident = ResidentLogBytes(store);
        Assert.InRange(resident, written - 64 * 1024, written + 256 * 1024);
        Assert.Equal(3 * 4 * MB, store.LogMemoryBytes);
    }

    [Fact]
    public async Task Records_written_after_a_restart_land_in_the_released_memory_and_survive()
    {
        using (var store = Open())
        {
            using (var session = store.NewSession())
            {
                for (int i = 0; i < 3000; i++) session.Done(session.Set(0, B("before-" + i), Pattern(700, i), StoreFlags.None, 0));
            }
            Assert.True(await store.CheckpointAsync());
        }
        using (var store = Open())
        {
            using (var session = store.NewSession())
            {
                // Into the rest of the recovered tail page and past it, all of it handed back at open.
                for (int i = 0; i < 9000; i++) session.Done(session.Set(0, B("after-" + i), Pattern(700, i + 50_000), StoreFlags.None, 0));
                AssertAllThere(session);
            }
            Assert.True(await store.CheckpointAsync());
        }
        using (var store = Open())
        {
            using var session = store.NewSession();
            Assert.Equal(12_000, store.KeyCount(0));
            AssertAllThere(session);
        }
    }

    [Fact]
    public async Task A_recovered_log_that_fills_every_page_of_its_memory_keeps_them_all()
    {
        // Four 1 MB pages of memory and 8 MB of records: after recovery the slot past the tail page holds the
        // oldest page still in memory, which must not be handed back.
        var options = new StoreOptions { Directory = directory, MemoryBytes = 4 * MB, PageBytes = 1 * MB };
        using (var store = CacheStore.Open(options))
        {
            using (var session = store.NewSession())
            {
                for (int i = 0; i < 20_000; i++) session.Done(session.Set(0, B("k" + i), Pattern(400, i), StoreFlags.None, 0));
            }
            Assert.True(await store.CheckpointAsync());
        }

        using (var store = CacheStore.Open(options))
        {
            using var session = store.NewSession();
            Assert.Equal(20_000, session.AllKeys(0).Distinct().Count());
            for (int i = 0; i < 20_000; i += 13) Assert.Equal(Pattern(400, i), GetBytes(session, 0, "k" + i));
        }
    }

    [Fact]
    public void Spare_pages_are_dropped_once_every_page_of_the_memory_is_allocated()
    {
        using var store = CacheStore.Open(new StoreOptions { Directory = directory, MemoryBytes = 4 * MB, PageBytes = 1 * MB });
        Assert.Equal(2 * MB, store.Kv.Log.MemorySizeBytes - store.LogMemoryBytes);
        using (var session = store.NewSession())
        {
            for (int i = 0; i < 20_000; i++) session.Done(session.Set(0, B("k" + i), Pattern(400, i), StoreFlags.None, 0));
        }

        store.StockLogPages();

        Assert.Equal(4 * MB, store.LogMemoryBytes);
        Assert.Equal(4 * MB, store.Kv.Log.MemorySizeBytes);
    }

    [Fact]
    public async Task Writers_racing_the_stocking_of_spare_pages_lose_nothing()
    {
        // 1 MB pages and 48 MB of memory: the tail crosses a page every few hundred writes, and most of the 48
        // slots get their page from the pool while another thread keeps stocking and draining it.
        using var store = CacheStore.Open(new StoreOptions { Directory = directory, MemoryBytes = 48 * MB, PageBytes = 1 * MB });
        using var done = new CancellationTokenSource();
        var stocker = Task.Run(() =>
        {
            while (!done.IsCancellationRequested) store.StockLogPages();
        });
        Parallel.For(0, 3, writer =>
        {
            using var session = store.NewSession();
            for (int i = 0; i < 40_000; i++) session.Done(session.Set(0, B($"w{writer}-{i}"), Pattern(300 + writer, i), StoreFlags.None, 0));
        });
        await done.CancelAsync();
        await stocker;

        using var reader = store.NewSession();
        Assert.Equal(120_000, store.KeyCount(0));
        Assert.Equal(120_000, reader.AllKeys(0).Distinct().Count());
        for (int writer = 0; writer < 3; writer++)
            for (int i = 0; i < 40_000; i += 11) Assert.Equal(Pattern(300 + writer, i), GetBytes(reader, 0, $"w{writer}-{i}"));
    }

    private static void AssertAllThere(StoreSession session)
    {
        for (int i = 0; i < 3000; i += 7) Assert.Equal(Pattern(700, i), GetBytes(session, 0, "before-" + i));
        for (int i = 0; i < 9000; i += 7) Assert.Equal(Pattern(700, i + 50_000), GetBytes(session, 0, "after-" + i));
    }

    /// <summary>Bytes of the allocated log pages that are resident, in whole OS pages.</summary>
    private static long ResidentLogBytes(CacheStore store)
    {
        var (pages, pageBits, _, _) = FasterInternals.LogPages(store.Kv);
        long pageBytes = 1L << pageBits;
        long resident = 0;
        foreach (long start in pages)
        {
            if (start == 0) continue;
            long first = start & ~(long)(OsPage - 1);
            long end = (start + pageBytes + OsPage - 1) & ~(long)(OsPage - 1);
            var vector = new byte[(end - first) / OsPage];
            Assert.Equal(0, Mincore((nint)first, (nuint)(end - first), vector));
            resident += vector.Count(b => (b & 1) != 0) * (long)OsPage;
        }
        return resident;
    }

    [DllImport("libc", EntryPoint = "mincore", SetLastError = true)]
    private static extern int Mincore(nint address, nuint length, byte[] vector);
}
