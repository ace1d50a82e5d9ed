using System.Diagnostics;

namespace NextCacheKv.Server.Transport;

/// <summary>
/// Whether an event loop keeps polling for a few microseconds after a batch instead of going to sleep at once.
/// A loop that sleeps between batches must be woken by the client's next send, and on a VM the client pays for that
/// wake-up (an inter-processor interrupt): against redis-benchmark's LRANGE_100 it was a fifth of the client's CPU,
/// and the client is what bounds throughput when both share the cores. Polling
/// only pays while requests arrive faster than the loop can sleep and wake, so it is on only while the loop was
/// busy at least half of the last millisecond: an idle or lightly loaded server sleeps as before and spends
/// nothing on it, and a busy one spends at most the limit per batch.
/// </summary>
internal sealed class BusyPoll
{
    private static readonly long WindowTicks = Stopwatch.Frequency / 1000;

    private readonly long limitTicks;
    private long windowStart;
    private long busyTicks;
    private long batchStart;

    /// <param name="limitMicroseconds">How long to poll after a batch before sleeping; 0 turns polling off.</param>
    public BusyPoll(int limitMicroseconds)
    {
        limitTicks = limitMicroseconds * Stopwatch.Frequency / 1_000_000;
        windowStart = Stopwatch.GetTimestamp();
    }

    /// <summary>True when the next wait should poll until <see cref="Deadline"/> before it sleeps.</summary>
    public bool Active { get; private set; }

    /// <summary>When a poll that starts now must give up and sleep.</summary>
    public long Deadline => Stopwatch.GetTimestamp() + limitTicks;

    public void BatchStarted()
    {
        if (limitTicks != 0) batchStart = Stopwatch.GetTimestamp();
    }

    public void BatchEnded()
    {
        if (limitTicks == 0) return;
        long now = Stopwatch.GetTimestamp();
        busyTicks += now - batchStart;
        long elapsed = now - windowStart;
        if (elapsed < WindowTicks) return;
        Active = busyTicks * 2 >= elapsed;
        windowStart = now;
        busyTicks = 0;
    }
}
