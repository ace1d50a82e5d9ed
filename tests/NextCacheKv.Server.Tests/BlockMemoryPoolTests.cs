namespace NextCacheKv.Server.Tests;

/// <summary>The socket pipes' block pool: blocks come back for reuse, first on the thread that returned them.</summary>
public class BlockMemoryPoolTests
{
    [Fact]
    public void Returned_blocks_are_rented_again()
    {
        using var pool = new BlockMemoryPool();
        var first = pool.Rent();
        var second = pool.Rent();
        Assert.NotSame(first, second);
        Assert.Equal(BlockMemoryPool.BlockSize, first.Memory.Length);
        second.Dispose();
        first.Dispose();

        // Through the thread's own stack (last in, first out) or, when this thread's stack serves another
        // pool, the shared queue (first in, first out): either way the same two blocks.
        var again = new[] { pool.Rent(), pool.Rent() };
        Assert.Contains(first, again);
        Assert.Contains(second, again);
    }

    [Fact]
    public async Task A_block_returned_on_another_thread_is_reused_once_that_threads_own_blocks_are_full()
    {
        using var pool = new BlockMemoryPool();
        var blocks = Enumerable.Range(0, 40).Select(_ => pool.Rent()).ToList();
        // Returned on a fresh thread: it keeps a few for itself and hands the rest to the shared queue.
        await Task.Factory.StartNew(() => blocks.ForEach(b => b.Dispose()), TaskCreationOptions.LongRunning);

        var rented = Enumerable.Range(0, 40).Select(_ => pool.Rent()).ToList();
        Assert.True(rented.Count(blocks.Contains) >= 30, "most blocks should have been reused");
    }

    [Fact]
    public void Blocks_of_another_pool_never_mix_in()
    {
        using var one = new BlockMemoryPool();
        using var other = new BlockMemoryPool();
        var block = one.Rent();
        block.Dispose();
        Assert.NotSame(block, other.Rent());
        Assert.Same(block, one.Rent());
    }

    [Fact]
    public void A_request_larger_than_a_block_gets_its_own_memory()
    {
        using var pool = new BlockMemoryPool();
        using var large = pool.Rent(BlockMemoryPool.BlockSize + 1);
        Assert.True(large.Memory.Length >= BlockMemoryPool.BlockSize + 1);
    }
}
