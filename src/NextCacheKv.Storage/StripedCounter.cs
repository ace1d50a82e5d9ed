using System.Runtime.InteropServices;

namespace NextCacheKv.Storage;

/// <summary>
/// A counter updated from every socket thread without fighting over one cache line: each thread adds to
/// its own padded slot; reading sums the slots. For statistics and change counts, read rarely.
/// </summary>
/// <remarks>
/// The slot is picked once per thread, not per call: <see cref="Thread.GetCurrentProcessorId"/> went into
/// the runtime on every call here (1.7 % of a pipelined GET's server CPU in perf). Threads beyond the
/// slot count share slots, which the interlocked add keeps correct.
/// </remarks>
public sealed class StripedCounter
{
    private const int SlotStride = 8; // 8 longs = 64 bytes: one cache line per slot
    [ThreadStatic] private static int threadSlot;
    private static int threadsSeen;
    private readonly long[] slots;
    private readonly int mask;

    public StripedCounter()
    {
        int count = (int)Math.Min(64, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount));
        slots = new long[count * SlotStride];
        mask = count - 1;
    }

    public void Add(long delta) => Interlocked.Add(ref slots[(ThreadSlot() & mask) * SlotStride], delta);

    /// <summary>This thread's slot number, counted from 1 so that 0 means "not picked yet".</summary>
    private static int ThreadSlot()
    {
        int slot = threadSlot;
        if (slot == 0) threadSlot = slot = Interlocked.Increment(ref threadsSeen);
        return slot;
    }

    public void Increment() => Add(1);

    public long Value
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < slots.Length; i += SlotStride) sum += Volatile.Read(ref slots[i]);
            return sum;
        }
    }

    public void Reset()
    {
        for (int i = 0; i < slots.Length; i += SlotStride) Volatile.Write(ref slots[i], 0);
    }
}
