using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// Writes wait while a checkpoint's snapshot is flushed once the log has moved too far since it began (FASTER
/// 2.6.5 overflows an int past 2 GB and crashes); with no allowance at all, every write during the flush waits.
/// </summary>
public class CheckpointWriteGateTests
{
    [Fact]
    public async Task Writes_during_a_checkpoints_flush_wait_once_the_log_has_moved_past_the_allowance()
    {
        using var temp = new TempStore(memoryBytes: 64L << 20, checkpointWriteAllowance: 0);
        using (var session = temp.Store.NewSession())
            for (int i = 0; i < 400; i++) session.Done(session.Set(0, B("fill" + i), Pattern(100_000, i), StoreFlags.None, 0));

        // 40 MB of log memory to snapshot, a page at a time, while another session keeps writing.
        var checkpoint = temp.Store.CheckpointAsync();
        int written = await Task.Run(() =>
        {
            using var writer = temp.Store.NewSession();
            int count = 0;
            while (!checkpoint.IsCompleted)
                writer.Done(writer.Set(1, B("during" + count % 50), Pattern(100_000, count++), StoreFlags.None, 0));
            return count;
        });

        Assert.True(await checkpoint);
        Assert.True(temp.Store.CheckpointGate.Waits > 0, $"no write waited; {written} written during the checkpoint");
        Assert.Equal(temp.Store.CheckpointGate.Waits, temp.Store.CheckpointWriteWaits);
        using var reader = temp.Store.NewSession();
        Assert.Equal(Pattern(100_000, 399), GetBytes(reader, 0, "fill399"));
        Assert.Equal(Math.Min(written, 50), temp.Store.KeyCount(1));
    }

    [Fact]
    public async Task With_the_default_allowance_a_checkpoint_holds_no_write_back()
    {
        using var temp = new TempStore(memoryBytes: 64L << 20);
        using (var session = temp.Store.NewSession())
            for (int i = 0; i < 400; i++) session.Done(session.Set(0, B("fill" + i), Pattern(100_000, i), StoreFlags.None, 0));
        var checkpoint = temp.Store.CheckpointAsync();
        await Task.Run(() =>
        {
            using var writer = temp.Store.NewSession();
            for (int count = 0; !checkpoint.IsCompleted; count++)
                writer.Done(writer.Set(1, B("during" + count % 50), Pattern(100_000, count), StoreFlags.None, 0));
        });
        Assert.True(await checkpoint);
        Assert.Equal(0, temp.Store.CheckpointGate.Waits);
        Assert.Equal(0, temp.Store.CheckpointWriteWaits);
        Assert.Equal(0, temp.Store.CheckpointWriteWaitMs);
    }
}
