using NextCacheKv.Storage;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// The memory budgets by default: the log's a quarter of what the process may use, between 256 MB and 1 GB but
/// never more than half of it; the collections' 256 MB or a quarter when that is less.
/// </summary>
public class StoreOptionsDefaultsTests
{
    private const long MB = 1L << 20;

    [Theory]
    [InlineData(512 * MB, 256 * MB)]
    [InlineData(1024 * MB, 256 * MB)]
    [InlineData(2048 * MB, 512 * MB)]
    [InlineData(3000 * MB, 750 * MB)]
    [InlineData(24L * 1024 * MB, 1024 * MB)]
    [InlineData(384 * MB, 192 * MB)]
    [InlineData(192 * MB, 96 * MB)]
    [InlineData(96 * MB, 48 * MB)]
    public void The_log_budget_follows_the_memory_available(long available, long expected)
        => Assert.Equal(expected, StoreOptions.DefaultMemoryBytes(available));

    [Theory]
    [InlineData(24L * 1024 * MB, 256 * MB)]
    [InlineData(1024 * MB, 256 * MB)]
    [InlineData(512 * MB, 128 * MB)]
    [InlineData(192 * MB, 48 * MB)]
    public void The_collection_budget_shrinks_with_a_small_container(long available, long expected)
        => Assert.Equal(expected, StoreOptions.DefaultCollectionMemoryBytes(available));

    [Fact]
    public void A_new_options_object_takes_the_budgets_of_this_process()
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        Assert.Equal(StoreOptions.DefaultMemoryBytes(available), new StoreOptions().MemoryBytes);
        Assert.Equal(StoreOptions.DefaultCollectionMemoryBytes(available), new StoreOptions().CollectionMemoryBytes);
    }
}
