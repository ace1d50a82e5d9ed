using System.Diagnostics;

namespace NextCacheKv.Server.Transport;

/// <summary>
/// Whether an event loop that finds no work after a batch naps for a few microseconds on a timer, then looks
/// again, instead of going to sleep in epoll_wait. A loop asleep in epoll_wait is woken by the client's send, and on a
/// VM the client pays for that wake-up: against redis-benchmark's LRANGE_300 it was 15 % of the client's CPU (2 %
/// against Redis, whose slower loop is rarely asleep), and the client is what bounds throughput there. A napping loop
/// is not on epoll's wait queue, so a send only queues the request, and the nap ends on the loop's own CPU.
/// <para>
/// The price is latency: a request that arrives during a nap waits for its end. That is cheap while the clients
/// are busy with earlier replies, and dear while they wait for this loop. So a loop naps only while, on average, a nap
/// ends with fewer than half of the connections it served in the last millisecond ready. One client, or a few that
/// each wait for their reply, fail that at once; napping then stops and is tried again after 1, 2, 4 … 128 ms.
/// </para>
/// </summary>
internal sealed class BatchNap
{
    private const int MaxBackoffWindows = 128;
    private static readonly long WindowTicks = Stopwatch.Frequency / 1000;

    private long windowStart;
    private int window = 1;
    private int served;
    private int naps;
    private long readyAfterNaps;
    private int backoffWindows = 1;
    private int windowsBeforeTrying;

    /// <param name="microseconds">How long a nap lasts; 0 turns napping off.</param>
    /// <param name="now">The current <see cref="Stopwatch"/> timestamp.</param>
    public BatchNap(int microseconds, long now)
    {
        Microseconds = microseconds;
        windowStart = now;
    }

    public int Microseconds { get; }

    public bool Enabled => Microseconds > 0;

    /// <summary>True when the loop should nap, rather than sleep in epoll_wait, once a batch leaves it without work.</summary>
    public bool Active { get; private set; }

    /// <summary>Counts a connection whose requests the loop ran, once per window.</summary>
    /// <param name="lastWindow">The connection's own record of the last window that counted it.</param>
    public void Served(ref int lastWindow)
    {
        if (lastWindow == window) return;
        lastWindow = window;
        served++;
    }

    /// <summary>Records a nap that ended with <paramref name="ready"/> events waiting.</summary>
    public void Napped(int ready)
    {
        naps++;
        readyAfterNaps += ready;
    }

    /// <summary>Decides, once a millisecond, whether to nap for the next one.</summary>
    public void BatchEnded(long now)
    {
        if (now - windowStart < WindowTicks || !Enabled) return;
        if (Active)
        {
            // No nap in the window means the loop never ran out of work: nothing to judge.
            if (naps > 0 && readyAfterNaps * 2 >= (long)naps * served)
            {
                Active = false;
                windowsBeforeTrying = backoffWindows;
                backoffWindows = Math.Min(backoffWindows * 2, MaxBackoffWindows);
            }
            else if (naps > 0)
            {
                backoffWindows = 1;
            }
        }
        else if (windowsBeforeTrying > 0)
        {
            windowsBeforeTrying--;
        }
        else if (served >= 2)
        {
            Active = true;
        }
        window++;
        served = 0;
        naps = 0;
        readyAfterNaps = 0;
        windowStart = now;
    }
}
