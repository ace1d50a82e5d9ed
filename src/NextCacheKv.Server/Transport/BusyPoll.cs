using System.Diagnostics;

namespace NextCacheKv.Server.Transport;

/// <summary>
/// Whether an event loop keeps polling for a few microseconds after a batch instead of going to sleep at once.
/// A loop that sleeps between batches must be woken by the client's next send, and on a VM the client pays for that
/// wake-up (an inter-processor interrupt): against redis-benchmark's LRANGE_100 it was a fifth of the client's CPU,
/// and the client is what bounds throughput when both share the cores. Polling
/// only pays while requests arrive faster than the loop can sleep and wake, so it is on only while the loop was
/// busy at least half of the last millisecond: an idle or lightly loaded server sleeps as before and spends
/// nothing on it, and a busy one spends at most the limit per batch. A loop that naps (<see cref="BatchNap"/>)
/// does not poll.
/// </summary>
internal sealed class BusyPoll
{
    private static readonly long WindowTicks = Stopwatch.Frequency / 1000;

    private readonly long limitTicks;
    private long windowStart;
    private long busyTicks;

    /// <param name="limitMicroseconds">How long to poll after a batch before sleeping; 0 turns polling off.</param>
    /// <param name="now">The current <see cref="Stopwatch"/> timestamp.</param>
    public BusyPoll(int limitMicroseconds, long now)
    {
        limitTicks = limitMicroseconds * Stopwatch.Frequency / 1_000_000;
        windowStart = now;
    }

    public bool Enabled => limitTicks != 0;

    /// <summary>True when the next wait should poll until <see cref="Deadline"/> before it sleeps.</summary>
    public bool Active { get; private set; }

    /// <summary>When a poll that starts now must give up and sleep.</summary>
    public long Deadline => Stopwatch.GetTimestamp() + limitTicks;

    /// <summary>Counts a batch's time as busy and decides, once a millisecond, whether to poll for the next one.</summary>
    public void BatchEnded(long started, long now)
    {
        if (!Enabled) return;
        busyTicks += now - started;
        long elapsed = now - windowStart;
        if (elapsed < WindowTicks) return;
        Active = busyTicks * 2 >= elapsed;
        windowStart = now;
        busyTicks = 0;
    }
}
