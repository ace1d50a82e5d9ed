using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// When the log's flushes go direct (<see cref="DirectWritePolicy"/>): by default while the log grows mostly by
/// large values' chunks; always or never when set so.
/// </summary>
public sealed class DirectWritePolicyTests
{
    private const long MB = 1L << 20;

    [Fact]
    public void Auto_starts_through_the_page_cache_and_goes_direct_while_chunks_are_most_of_the_growth()
    {
        var policy = new DirectWritePolicy(LogWriteMode.Auto);
        Assert.False(policy.Direct);
        Assert.False(policy.Update(tailAddress: 64, chunkBytesWritten: 0));

        Assert.True(policy.Update(tailAddress: 64 + 100 * MB, chunkBytesWritten: 90 * MB));
        Assert.True(policy.Direct);

        // Small records now: 10 MB of growth, 1 MB of it chunks.
        Assert.False(policy.Update(tailAddress: 110 * MB + 64, chunkBytesWritten: 91 * MB));
    }

    [Fact]
    public void Auto_keeps_its_choice_over_an_interval_in_which_the_log_did_not_grow()
    {
        var policy = new DirectWritePolicy(LogWriteMode.Auto);
        policy.Update(0, 0);
        Assert.True(policy.Update(8 * MB, 8 * MB));

        Assert.True(policy.Update(8 * MB, 8 * MB));
    }

    [Fact]
    public void The_first_reading_only_sets_the_baseline()
    {
        var policy = new DirectWritePolicy(LogWriteMode.Auto);

        // Chunks written before the first reading (a restart's recovery, say) are not this interval's growth.
        Assert.False(policy.Update(tailAddress: 500 * MB, chunkBytesWritten: 500 * MB));
    }

    [Theory]
    [InlineData(LogWriteMode.Direct, true)]
    [InlineData(LogWriteMode.Buffered, false)]
    public void A_fixed_mode_never_changes(LogWriteMode mode, bool direct)
    {
        var policy = new DirectWritePolicy(mode);
        Assert.Equal(direct, policy.Direct);

        Assert.Equal(direct, policy.Update(0, 0));
        Assert.Equal(direct, policy.Update(100 * MB, 100 * MB));
        Assert.Equal(direct, policy.Update(200 * MB, 100 * MB));
    }

    [Fact]
    public void The_store_goes_direct_while_large_values_are_written_and_back_for_small_ones()
    {
        using var temp = new TempStore();
        var store = temp.Store;
        using var session = store.NewSession();
        store.AdaptLogWrites();
        Assert.False(store.LogWritesDirect);

        for (int i = 0; i < 4; i++) session.Done(session.Set(0, B("big" + i), Pattern(1_000_000, i), StoreFlags.None, 0));
        store.AdaptLogWrites();
        Assert.True(store.LogWritesDirect);

        for (int i = 0; i < 20_000; i++) session.Done(session.Set(0, B("small" + i), Pattern(200, i), StoreFlags.None, 0));
        store.AdaptLogWrites();
        Assert.False(store.LogWritesDirect);
    }
}
