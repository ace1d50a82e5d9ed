using System.Runtime.InteropServices;

namespace NextCacheKv.Storage;

/// <summary>
/// A counter updated from every socket thread without fighting over one cache line: each core adds to
/// its own padded slot; reading sums the slots. For statistics and change counts, read rarely.
/// </summary>
public sealed class StripedCounter
{
    private const int SlotStride = 8; // 8 longs = 64 bytes: one cache line per slot
    private readonly long[] slots;
    private readonly int mask;

    public StripedCounter()
    {
        int count = (int)Math.Min(64, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount));
        slots = new long[count * SlotStride];
        mask = count - 1;
    }

    public void Add(long delta) => Interlocked.Add(ref slots[(Thread.GetCurrentProcessorId() & mask) * SlotStride], delta);

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
