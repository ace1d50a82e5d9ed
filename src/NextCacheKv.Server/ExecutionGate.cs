using System.Runtime.InteropServices;

namespace NextCacheKv.Server;

/// <summary>
/// Lets a transaction (EXEC) or a script run alone, as Redis runs everything. Connections hold the gate
/// shared while they work through a batch, which costs one uncontended increment on a counter of their
/// own cache line; an exclusive holder waits until no batch is running and holds new ones back.
/// </summary>
public sealed class ExecutionGate
{
    private const int SlotCount = 64;
    private readonly Slot[] slots = new Slot[SlotCount];
    private readonly SemaphoreSlim exclusiveTurn = new(1, 1);
    private readonly ManualResetEventSlim open = new(true);
    private volatile bool closed;

    public static int SlotOf(long clientId) => (int)(clientId & (SlotCount - 1));

    public void EnterShared(int slot)
    {
        while (true)
        {
            Interlocked.Increment(ref slots[slot].Holders);
            if (!closed) return;
            Interlocked.Decrement(ref slots[slot].Holders);
            open.Wait();
        }
    }

    public void ExitShared(int slot) => Interlocked.Decrement(ref slots[slot].Holders);

    /// <summary>Waits for every running batch to finish; the caller must not hold the gate shared.</summary>
    public async ValueTask EnterExclusiveAsync()
    {
        await exclusiveTurn.WaitAsync().ConfigureAwait(false);
        open.Reset();
        closed = true;
        Interlocked.MemoryBarrier();
        var spin = new SpinWait();
        for (int i = 0; i < SlotCount; i++)
            while (Volatile.Read(ref slots[i].Holders) != 0) spin.SpinOnce(sleep1Threshold: 20);
    }

    public void ExitExclusive()
    {
        closed = false;
        open.Set();
        exclusiveTurn.Release();
    }

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct Slot
    {
        [FieldOffset(64)] public int Holders;
    }
}
