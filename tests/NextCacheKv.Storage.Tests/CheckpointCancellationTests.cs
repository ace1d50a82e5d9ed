using FASTER.core;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// A shutdown cancels the periodic checkpoint loop. The token used to reach FASTER 2.6.5's checkpoint, whose wait
/// for the snapshot's flush releases its semaphore when cancelled: the checkpoint went on to commit before its
/// pages were written. Cancellation now only stops a checkpoint that has not started.
/// </summary>
public class CheckpointCancellationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_checkpoint_cancelled_while_it_runs_finishes_and_the_next_one_saves_what_came_after()
    {
        using var temp = new TempStore(memoryBytes: 256L << 20);
        // 64 MB in log memory for the snapshot to write: long enough to be caught running.
        using (var session = temp.Store.NewSession())
            for (int i = 0; i < 64; i++) session.Done(session.Set(0, B("big" + i), Pattern(1 << 20, i), StoreFlags.None, 0));
        using var cancel = new CancellationTokenSource();

        var running = temp.Store.CheckpointAsync(cancel.Token);
        var deadline = DateTime.UtcNow + Timeout;
        while (temp.Store.Kv.SystemState.Phase == Phase.REST && !running.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "FASTER's checkpoint never started");
            Thread.Yield();
        }
        Assert.False(running.IsCompleted, "the checkpoint ended before it could be cancelled");
        Assert.True(temp.Store.CheckpointRunning);
        cancel.Cancel();

        Assert.True(await running.WaitAsync(Timeout));
        // Complete when it says so. FASTER, handed the token, took its cancellation for the end of the snapshot's
        // flush and committed the checkpoint while its pages were still being written.
        long snapshotBytes = Directory.EnumerateFiles(Path.Combine(temp.Directory, "checkpoints", "cpr-checkpoints"), "snapshot.dat*", SearchOption.AllDirectories)
            .Sum(file => new FileInfo(file).Length);
        Assert.True(snapshotBytes >= 64L << 20, $"the committed snapshot has {snapshotBytes} bytes");
        using (var session = temp.Store.NewSession()) session.Done(session.Set(0, B("after"), B("kept"), StoreFlags.None, 0));
        Assert.True(await temp.Store.CheckpointAsync().WaitAsync(Timeout));

        temp.Reopen();

        using var reader = temp.Store.NewSession();
        Assert.Equal("kept", reader.GetString(0, "after"));
        Assert.Equal(65, temp.Store.KeyCount(0));
    }

    [Fact]
    public async Task A_checkpoint_cancelled_before_it_starts_is_not_taken()
    {
        using var temp = new TempStore();
        using (var session = temp.Store.NewSession()) session.Done(session.Set(0, B("k"), B("v"), StoreFlags.None, 0));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => temp.Store.CheckpointAsync(new CancellationToken(canceled: true)));

        Assert.False(temp.Store.CheckpointRunning);
        Assert.True(await temp.Store.CheckpointAsync());
    }
}
