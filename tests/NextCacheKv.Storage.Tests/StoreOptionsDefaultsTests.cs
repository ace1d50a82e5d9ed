using NextCacheKv.Storage;

namespace NextCacheKv.Storage.Tests;

/// <summary>The log's memory budget by default: a quarter of what the process may use, between 256 MB and 1 GB.</summary>
public class StoreOptionsDefaultsTests
{
    private const long MB = 1L << 20;

    [Theory]
    [InlineData(512 * MB, 256 * MB)]
    [InlineData(1024 * MB, 256 * MB)]
    [InlineData(2048 * MB, 512 * MB)]
    [InlineData(3000 * MB, 750 * MB)]
    [InlineData(24L * 1024 * MB, 1024 * MB)]
    public void The_log_budget_follows_the_memory_available(long available, long expected)
        => Assert.Equal(expected, StoreOptions.DefaultMemoryBytes(available));

    [Fact]
    public void A_new_options_object_takes_the_budget_of_this_process()
        => Assert.Equal(StoreOptions.DefaultMemoryBytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes), new StoreOptions().MemoryBytes);
}
