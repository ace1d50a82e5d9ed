using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>The hash index starts small and doubles as keys arrive; nothing is lost on the way or across a restart.</summary>
public class IndexGrowthTests
{
    [Fact]
    public async Task A_crowded_index_doubles_until_it_fits_the_keys_and_keeps_its_size_after_recovery()
    {
        using var temp = new TempStore(indexBytes: 4096);
        const int Keys = 5000;
        using (var session = temp.Store.NewSession())
            for (int i = 0; i < Keys; i++) session.Done(session.Set(0, B("k" + i), B("v" + i), StoreFlags.None, 0));
        Assert.Equal(4096, temp.Store.IndexBytes);

        int doublings = 0;
        while (temp.Store.GrowIndexIfCrowded()) doublings++;

        // 5000 keys at no more than 4 per bucket need 2048 buckets of 64 bytes.
        Assert.Equal(5, doublings);
        Assert.Equal(2048 * 64, temp.Store.IndexBytes);
        Assert.False(temp.Store.GrowIndexIfCrowded());
        using (var session = temp.Store.NewSession())
        {
            for (int i = 0; i < Keys; i++) Assert.Equal("v" + i, session.GetString(0, "k" + i));
            session.Done(session.Set(0, B("after growth"), B("x"), StoreFlags.None, 0));
        }

        Assert.True(await temp.Store.CheckpointAsync());
        temp.Reopen();

        Assert.Equal(2048 * 64, temp.Store.IndexBytes);
        Assert.Equal(Keys + 1, temp.Store.KeyCount(0));
        using var reader = temp.Store.NewSession();
        for (int i = 0; i < Keys; i++) Assert.Equal("v" + i, reader.GetString(0, "k" + i));
        Assert.Equal("x", reader.GetString(0, "after growth"));
    }

    [Fact]
    public async Task Writers_running_while_the_index_grows_lose_nothing()
    {
        using var temp = new TempStore(indexBytes: 4096);
        const int Writers = 2, KeysEach = 20_000;
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            using var session = temp.Store.NewSession();
            for (int i = 0; i < KeysEach; i++) session.Done(session.Set(0, B($"w{w}:{i}"), B($"v{i}"), StoreFlags.None, 0));
        })).ToArray();
        int doublings = 0;
        var all = Task.WhenAll(writers);
        while (!all.IsCompleted)
            if (temp.Store.GrowIndexIfCrowded()) doublings++;
        await all;
        int whileWriting = doublings;
        while (temp.Store.GrowIndexIfCrowded()) doublings++;

        Assert.True(whileWriting >= 1, "the index never grew while writers ran");
        Assert.Equal(8, doublings);
        Assert.Equal(Writers * KeysEach, temp.Store.KeyCount(0));
        using var reader = temp.Store.NewSession();
        for (int w = 0; w < Writers; w++)
            for (int i = 0; i < KeysEach; i++) Assert.Equal($"v{i}", reader.GetString(0, $"w{w}:{i}"));
    }

    [Fact]
    public void The_index_stops_at_its_maximum()
    {
        using var temp = new TempStore(indexBytes: 4096);
        using (var session = temp.Store.NewSession())
            for (int i = 0; i < 5000; i++) session.Done(session.Set(0, B("k" + i), B("v"), StoreFlags.None, 0));
        temp.Store.Options.MaxIndexBytes = 16384;

        while (temp.Store.GrowIndexIfCrowded()) { }

        Assert.Equal(16384, temp.Store.IndexBytes);
    }

    /// <summary>
    /// FASTER runs one state machine at a time: a SAVE or SHUTDOWN checkpoint asked for while the housekeeping
    /// grows the index used to fail at once. A thread holding FASTER's epoch keeps the growth in its first phase
    /// here, so the two overlap for sure.
    /// </summary>
    [Fact]
    public async Task A_checkpoint_asked_for_while_the_index_grows_waits_for_the_growth_and_succeeds()
    {
        using var temp = new TempStore(indexBytes: 4096);
        using (var session = temp.Store.NewSession())
            for (int i = 0; i < 5000; i++) session.Done(session.Set(0, B("k" + i), B("v" + i), StoreFlags.None, 0));
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = Task.Factory.StartNew(() =>
        {
            using var raw = temp.Store.NewRawSession();
            raw.UnsafeContext.BeginUnsafe();
            held.Set();
            release.Wait();
            raw.UnsafeContext.EndUnsafe();
        }, TaskCreationOptions.LongRunning);
        held.Wait();
        try
        {
            await CheckpointWaitsForGrowthAsync(temp, release);
        }
        finally
        {
            release.Set();
            await holder;
        }
        temp.Reopen();
        using var reader = temp.Store.NewSession();
        Assert.Equal("v4999", reader.GetString(0, "k4999"));
    }

    private static async Task CheckpointWaitsForGrowthAsync(TempStore temp, ManualResetEventSlim release)
    {
        var growth = Task.Factory.StartNew(() => temp.Store.GrowIndexIfCrowded(), TaskCreationOptions.LongRunning);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (temp.Store.Kv.SystemState.Phase != FASTER.core.Phase.PREPARE_GROW)
        {
            Assert.True(DateTime.UtcNow < deadline, "the index growth never started");
            Thread.Yield();
        }

        var checkpoint = temp.Store.CheckpointAsync();
        await Task.Delay(100);
        Assert.False(checkpoint.IsCompleted, "the checkpoint did not wait for the growth");
        release.Set();

        Assert.True(await checkpoint.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await growth);
    }

    /// <summary>
    /// Doublings, checkpoints and writers all at once, as the housekeeping, SAVE and clients run them: everything
    /// ends (a checkpoint that started as a doubling ended used to deadlock with it) and loses nothing.
    /// </summary>
    [Fact]
    public async Task Checkpoints_taken_while_the_index_doubles_under_writes_all_end_and_lose_nothing()
    {
        using var temp = new TempStore(indexBytes: 4096);
        const int Keys = 40_000;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            using var session = temp.Store.NewSession();
            for (int i = 0; i < Keys; i++) session.Done(session.Set(0, B("k" + i), B("v" + i), StoreFlags.None, 0));
        });
        var grower = Task.Factory.StartNew(() =>
        {
            while (!stop.IsCancellationRequested) temp.Store.GrowIndexIfCrowded();
        }, TaskCreationOptions.LongRunning);
        int checkpoints = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!writer.IsCompleted || checkpoints < 20)
        {
            Assert.True(await temp.Store.CheckpointAsync().WaitAsync(TimeSpan.FromSeconds(30)), "a checkpoint failed");
            checkpoints++;
            Assert.True(DateTime.UtcNow < deadline, "the writer did not finish");
        }
        await writer;
        stop.Cancel();
        await grower.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(await temp.Store.CheckpointAsync());

        temp.Reopen();

        Assert.Equal(Keys, temp.Store.KeyCount(0));
        using var reader = temp.Store.NewSession();
        for (int i = 0; i < Keys; i += 97) Assert.Equal("v" + i, reader.GetString(0, "k" + i));
    }
}
