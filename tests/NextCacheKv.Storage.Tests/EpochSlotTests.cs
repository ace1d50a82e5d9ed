using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// An event loop holds an <see cref="EpochSlot"/> for its whole life, around every store operation it runs:
/// operations, a checkpoint taken meanwhile on another thread, and recovery must all behave as without it.
/// </summary>
public class EpochSlotTests
{
    [Fact]
    public async Task A_thread_holding_a_slot_runs_store_operations_while_another_checkpoints()
    {
        using var temp = new TempStore();
        // Continuations elsewhere: the test joins the loop thread, which must not be the one running them.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = new Thread(() =>
        {
            try
            {
                using var slot = new EpochSlot();
                using var session = temp.Store.NewSession();
                for (int i = 0; i < 20_000; i++)
                {
                    session.Done(session.Set(0, B("k" + i % 500), B("v" + i), StoreFlags.None, 0));
                    Assert.Equal("v" + i, session.GetString(0, "k" + i % 500));
                }
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        loop.Start();

        // Checkpoints wait for every thread protecting the store's epoch: the slot's separate epoch must not hold them.
        for (int i = 0; i < 3 && !done.Task.IsCompleted; i++)
            Assert.True(await temp.Store.CheckpointAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        loop.Join();

        Assert.True(await temp.Store.CheckpointAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        temp.Reopen();
        using var reader = temp.Store.NewSession();
        Assert.Equal("v19999", reader.GetString(0, "k499"));
        Assert.Equal(500, temp.Store.KeyCount(0));
    }
}
