using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// The log's page size is a property of the data folder (<see cref="LogLayout"/>): reopening a log with another
/// page size used to crash the process inside FASTER's recovery, and small pages used to refuse every large value.
/// </summary>
public sealed class LogLayoutTests : IDisposable
{
    private const long MB = 1L << 20;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "nextcachekv-tests", Guid.NewGuid().ToString("N"));
    private readonly List<string> messages = [];

    public void Dispose()
    {
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    private StoreOptions Options(long pageBytes) => new() { Directory = directory, MemoryBytes = 64 * MB, PageBytes = pageBytes, ChunkGracePeriod = TimeSpan.Zero };

    private CacheStore Open(long pageBytes) => CacheStore.Open(Options(pageBytes), messages.Add);

    private string LayoutText => File.ReadAllText(Path.Combine(directory, LogLayout.FileName));

    /// <summary>Writes 2,000 small keys and a 3 MB value (chunked at either page size), then a checkpoint.</summary>
    private async Task WriteAndCheckpointAsync(long pageBytes)
    {
        using var store = Open(pageBytes);
        using (var session = store.NewSession())
        {
            for (int i = 0; i < 2000; i++) session.Done(session.Set(0, B("k" + i), B("value-" + i), StoreFlags.None, 0));
            Assert.True(session.Done(session.Set(0, B("big"), Pattern(3_000_000, 7), StoreFlags.None, 0)).IsOk);
        }
        Assert.True(await store.CheckpointAsync());
    }

    private static void AssertDataIntact(CacheStore store)
    {
        using var session = store.NewSession();
        Assert.Equal(2001, store.KeyCount(0));
        for (int i = 0; i < 2000; i += 97) Assert.Equal("value-" + i, session.GetString(0, "k" + i));
        Assert.Equal(Pattern(3_000_000, 7), GetBytes(session, 0, "big"));
    }

    [Fact]
    public void A_new_folder_records_the_page_size_it_was_created_with()
    {
        using var store = Open(2 * MB);
        Assert.Equal("page-size 2097152\n", LayoutText);
        Assert.Equal(2 * MB, store.Options.PageBytes);
    }

    [Fact]
    public async Task A_log_reopened_with_another_page_size_keeps_its_own_and_its_data()
    {
        await WriteAndCheckpointAsync(4 * MB);

        using var store = Open(1 * MB);
        Assert.Equal(4 * MB, store.Options.PageBytes);
        Assert.Equal(StoreOptions.ChunkBytesFor(4 * MB), store.Options.ChunkBytes);
        Assert.Contains(messages, m => m.Contains("page size stays 4194304", StringComparison.OrdinalIgnoreCase));
        AssertDataIntact(store);
        Assert.Equal("page-size 4194304\n", LayoutText);
    }

    [Fact]
    public async Task A_folder_from_before_the_layout_file_is_read_with_the_old_default_of_4MB()
    {
        await WriteAndCheckpointAsync(LogLayout.LegacyPageBytes);
        File.Delete(Path.Combine(directory, LogLayout.FileName));

        using var store = Open(1 * MB);
        Assert.Equal(LogLayout.LegacyPageBytes, store.Options.PageBytes);
        AssertDataIntact(store);
        Assert.Equal("page-size 4194304\n", LayoutText);
    }

    [Fact]
    public void Without_a_checkpoint_the_folder_takes_the_new_page_size()
    {
        using (var store = Open(4 * MB))
        using (var session = store.NewSession())
            session.Done(session.Set(0, B("lost"), B("never saved"), StoreFlags.None, 0));

        using var reopened = Open(1 * MB);
        Assert.Equal(1 * MB, reopened.Options.PageBytes);
        Assert.Equal("page-size 1048576\n", LayoutText);
    }

    [Fact]
    public void A_damaged_layout_file_is_refused_with_its_path_and_contents()
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, LogLayout.FileName), "page-size lots\n");
        var error = Assert.Throws<InvalidDataException>(() => Open(1 * MB));
        Assert.Contains(LogLayout.FileName, error.Message);
        Assert.Contains("page-size lots", error.Message);
    }

    [Theory]
    [InlineData(3L << 20)]
    [InlineData(256)]
    public void A_page_size_that_is_not_a_power_of_two_of_at_least_512_bytes_is_refused(long pageBytes)
        => Assert.Throws<ArgumentException>(() => Open(pageBytes));

    [Fact]
    public void A_chunk_that_does_not_fit_in_a_page_is_refused()
    {
        var options = Options(1 * MB);
        options.ChunkBytes = (int)MB;
        Assert.Throws<ArgumentException>(() => CacheStore.Open(options));
    }

    [Theory]
    [InlineData(64 * 1024)]
    [InlineData(1L << 20)]
    public void Values_of_many_chunks_are_stored_at_small_page_sizes(long pageBytes)
    {
        using var store = Open(pageBytes);
        using var session = store.NewSession();
        foreach (int length in new[] { 3_000_000, (int)pageBytes + 1, StoreOptions.ChunkBytesFor(pageBytes) + 1 })
        {
            var value = Pattern(length, length);
            Assert.True(session.Done(session.Set(0, B("v" + length), value, StoreFlags.None, 0)).IsOk);
            Assert.Equal(value, GetBytes(session, 0, "v" + length));
        }
    }

    [Theory]
    [InlineData(1L << 20)]
    [InlineData(4L << 20)]
    public void Four_chunk_records_fill_a_page(long pageBytes)
    {
        using var store = Open(pageBytes);
        using var session = store.NewSession();
        int chunk = store.Options.ChunkBytes;
        long before = store.LogTailAddress;
        // 40 chunks: 10 pages when four fit in a page, 13.3 when only three do (1 MB chunks in 4 MB pages did).
        Assert.True(session.Done(session.Set(0, B("big"), Pattern(chunk * 40, 3), StoreFlags.None, 0)).IsOk);
        long grown = store.LogTailAddress - before;
        Assert.InRange(grown, 40L * chunk, 11 * pageBytes);
    }
}
