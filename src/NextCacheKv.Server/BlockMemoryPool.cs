using System.Buffers;
using System.Collections.Concurrent;

namespace NextCacheKv.Server;

/// <summary>
/// The socket pipes' buffers: fixed-size blocks on the pinned heap, reused instead of rented from the
/// shared array pool, which keeps only a few arrays per size and so allocated ~33 KB per 50 KB reply.
/// A block is its own owner, so renting allocates nothing once the pool is warm. Larger requests get a
/// plain array. The pool keeps at most <see cref="MaxRetainedBytes"/>; the rest is left to the GC.
/// </summary>
public sealed class BlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 16 * 1024;
    public const long MaxRetainedBytes = 64L * 1024 * 1024;

    public static readonly BlockMemoryPool ForSockets = new();

    private readonly ConcurrentQueue<Block> blocks = new();
    private int retained;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockSize) return new Oversized(minBufferSize);
        if (blocks.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref retained);
            return block;
        }
        return new Block(this);
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref retained) * (long)BlockSize > MaxRetainedBytes)
        {
            Interlocked.Decrement(ref retained);
            return;
        }
        blocks.Enqueue(block);
    }

    protected override void Dispose(bool disposing)
    {
    }

    private sealed class Block(BlockMemoryPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] array = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

        public Memory<byte> Memory => array;

        public void Dispose() => pool.Return(this);
    }

    private sealed class Oversized(int size) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = new byte[size];

        public void Dispose()
        {
        }
    }
}
