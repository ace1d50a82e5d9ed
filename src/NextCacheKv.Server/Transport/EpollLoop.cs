using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using NextCacheKv.Storage;
using static NextCacheKv.Server.Transport.LinuxSockets;

namespace NextCacheKv.Server.Transport;

/// <summary>
/// One thread waiting on one level-triggered epoll set, like one of Redis's event loops. A readable
/// socket gets exactly one recv per wake-up and its commands run right here; unlike .NET's
/// edge-triggered engine there is no second recv that only finds EAGAIN. Sockets are closed on this
/// thread, between two waits, so a descriptor is never reused while an event for it is being handled.
/// </summary>
internal sealed unsafe class EpollLoop : IDisposable
{
    private const int WakeId = 0;
    private const int BatchSize = 256;
    /// <summary>
    /// How many ready connections are read, warmed and run together. Enough misses in flight for the prefetch to
    /// pay; few enough that the last one's reply does not wait for every other socket of a large batch to be read
    /// first (reading all 50 of redis-benchmark's clients before running any widened P1's p99 by 8–14 %).
    /// </summary>
    private const int WarmGroup = 8;
    /// <summary>A microsecond: naps end on time rather than when the kernel finds it convenient.</summary>
    private const int NapTimerSlackNanoseconds = 1000;

    private static long lastId;

    private readonly int epollFd;
    private readonly int wakeFd;
    private readonly Thread thread;
    private readonly Action<string> log;
    private readonly int index;
    private readonly ServerStats stats;
    private readonly BusyPoll busyPoll;
    private readonly BatchNap nap;
    /// <summary>A nap's length, as nanosleep takes it.</summary>
    private readonly TimeSpec napLength;
    private readonly ConcurrentDictionary<long, EpollConnection> connections = new();
    private readonly ConcurrentQueue<EpollConnection> toClose = new();
    private volatile bool stopping;
    /// <summary>The loop this thread runs, if any.</summary>
    [ThreadStatic] private static EpollLoop? current;
    /// <summary>Connections whose flush during this batch left the send to <see cref="SendDeferred"/>.</summary>
    private readonly List<EpollConnection> deferredSends = new();
    /// <summary>True while the loop runs the connections of a batch: only then are sends deferred.</summary>
    private bool delivering;
    private volatile bool disposed;

    public EpollLoop(int index, ServerStats stats, int busyPollMicroseconds, int napMicroseconds, Action<string> log)
    {
        this.log = log;
        this.index = index;
        this.stats = stats;
        long now = Stopwatch.GetTimestamp();
        busyPoll = new BusyPoll(busyPollMicroseconds, now);
        nap = new BatchNap(napMicroseconds, now);
        napLength = new TimeSpec { Seconds = 0, Nanoseconds = napMicroseconds * 1000L };
        epollFd = EpollCreate(EpollCloexec);
        if (epollFd < 0) throw new IOException($"epoll_create1 failed (errno {Marshal.GetLastPInvokeError()})");
        wakeFd = EventFd(0, EventFdNonBlock | EventFdCloexec);
        if (wakeFd < 0) throw new IOException($"eventfd failed (errno {Marshal.GetLastPInvokeError()})");
        Control(EpollCtlAdd, wakeFd, EpollIn, WakeId);
        thread = new Thread(Run) { IsBackground = true, Name = $"epoll loop {index}" };
        thread.Start();
    }

    public static long NextId() => Interlocked.Increment(ref lastId);

    /// <summary>Starts watching <paramref name="connection"/> for input.</summary>
    public void Add(EpollConnection connection)
    {
        connections[connection.Id] = connection;
        Control(EpollCtlAdd, connection.Fd, connection.Interest, connection.Id);
    }

    /// <summary>Changes what wakes this loop for <paramref name="connection"/> (any thread, under the connection's lock).</summary>
    public void Watch(EpollConnection connection, uint interest, bool add) => Control(add ? EpollCtlAdd : EpollCtlMod, connection.Fd, interest, connection.Id);

    /// <summary>Takes <paramref name="connection"/> out of the epoll set while it waits for nothing.</summary>
    public void Unwatch(EpollConnection connection)
    {
        var unused = default(EpollEvent);
        EpollControl(epollFd, EpollCtlDel, connection.Fd, &unused);
    }

    /// <summary>Asks the loop to forget and close <paramref name="connection"/> between two waits (any thread).</summary>
    public void Close(EpollConnection connection)
    {
        toClose.Enqueue(connection);
        if (disposed) CloseRequested();
        else Wake();
    }

    private void Control(int operation, int fd, uint interest, long id)
    {
        var change = new EpollEvent { Events = interest, Data = id };
        if (EpollControl(epollFd, operation, fd, &change) != 0)
            throw new IOException($"epoll_ctl({operation}) failed (errno {Marshal.GetLastPInvokeError()})");
    }

    private void Wake()
    {
        long one = 1;
        Write(wakeFd, &one, sizeof(long));
    }

    private void Run()
    {
        using var epochSlot = new EpochSlot();
        // Every await that resumes here would otherwise capture the (empty) execution context and resume
        // through ExecutionContext.RunInternal: 0.7 % of a P1 request's CPU. Nothing here uses AsyncLocal.
        ExecutionContext.SuppressFlow();
        var events = new EpollEvent[BatchSize];
        var received = new EpollConnection[WarmGroup];
        current = this;
        // The default timer slack (50 µs) would stretch a 20 µs nap to as much as 70.
        if (nap.Enabled) SetTimerSlack(NapTimerSlackNanoseconds);
        bool timed = busyPoll.Enabled || nap.Enabled;
        fixed (EpollEvent* batch = events)
        {
            while (!stopping)
            {
                int count = nap.Active ? Nap(batch) : busyPoll.Active ? Poll(batch) : 0;
                if (count == 0) count = EpollWait(epollFd, batch, BatchSize, -1);
                if (count < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == EIntr) continue;
                    log($"epoll_wait failed (errno {errno}); the loop stops");
                    return;
                }
                long started = timed ? Stopwatch.GetTimestamp() : 0;
                int receivedCount = 0;
                delivering = true;
                for (int i = 0; i < count; i++)
                {
                    long id = batch[i].Data;
                    if (id == WakeId)
                    {
                        long drained;
                        Read(wakeFd, &drained, sizeof(long));
                        continue;
                    }
                    // A connection closed earlier in this batch is gone from the table: its event is stale.
                    if (!connections.TryGetValue(id, out var connection)) continue;
                    try
                    {
                        if (connection.OnEvents(batch[i].Events)) received[receivedCount++] = connection;
                    }
                    catch (Exception e)
                    {
                        log($"Connection event failed: {e}");
                    }
                    if (receivedCount == WarmGroup)
                    {
                        WarmAndDeliver(received.AsSpan(0, receivedCount));
                        receivedCount = 0;
                    }
                }
                WarmAndDeliver(received.AsSpan(0, receivedCount));
                SendDeferred();
                CloseRequested();
                if (timed)
                {
                    long now = Stopwatch.GetTimestamp();
                    busyPoll.BatchEnded(started, now);
                    nap.BatchEnded(now);
                }
            }
        }
    }

    /// <summary>
    /// Naps on a timer if nothing is ready yet, then asks epoll without sleeping. Asleep in nanosleep the loop is not
    /// on epoll's wait queue, so a client's send does not have to wake it (see <see cref="BatchNap"/>).
    /// </summary>
    private int Nap(EpollEvent* batch)
    {
        int count = EpollWait(epollFd, batch, BatchSize, 0);
        if (count != 0) return count;
        var length = napLength;
        NanoSleep(&length, null);
        count = EpollWait(epollFd, batch, BatchSize, 0);
        int ready = Math.Max(count, 0);
        nap.Napped(ready);
        stats.Naps.Increment(index);
        stats.NapReadyEvents.Add(ready, index);
        return count;
    }

    /// <summary>Asks epoll without sleeping until something is ready or the poll's time is up (0: sleep now).</summary>
    private int Poll(EpollEvent* batch)
    {
        long deadline = busyPoll.Deadline;
        do
        {
            int count = EpollWait(epollFd, batch, BatchSize, 0);
            if (count != 0)
            {
                if (count > 0) stats.BusyPollHits.Increment(index);
                return count;
            }
        }
        while (Stopwatch.GetTimestamp() < deadline && !stopping);
        stats.BusyPollMisses.Increment(index);
        return 0;
    }

    /// <summary>
    /// Runs the commands of connections that were read, after warming the cache for all of them together: at
    /// pipeline depth 1 each connection has one request, and its misses would otherwise queue one connection at a
    /// time (Redis 8 prefetches across clients the same way).
    /// </summary>
    private void WarmAndDeliver(Span<EpollConnection> received)
    {
        if (received.Length > 1) Warm(received);
        for (int i = 0; i < received.Length; i++)
        {
            try
            {
                if (nap.Enabled) nap.Served(ref received[i].NapWindow);
                received[i].Deliver();
            }
            catch (Exception e)
            {
                log($"Connection event failed: {e}");
            }
            received[i] = null!;
        }
    }

    /// <summary>Prefetches the buckets of every connection's key, then the records they point to: a hint, never a failure.</summary>
    private static void Warm(ReadOnlySpan<EpollConnection> connections)
    {
        Span<long> tokens = stackalloc long[connections.Length];
        try
        {
            for (int i = 0; i < connections.Length; i++) tokens[i] = connections[i].WarmBucket();
            for (int i = 0; i < connections.Length; i++) connections[i].WarmRecord(tokens[i]);
        }
        catch (Exception)
        {
            // Warming only helps; whatever went wrong, the commands still run.
        }
    }

    /// <summary>
    /// True when a flush on this thread may leave its send to the end of the batch: only on the loop's own thread
    /// while it runs a batch. Replies then go out together after every ready connection ran, as Redis writes them
    /// before it sleeps, so the client is woken once per batch instead of once per connection (at P16 the server
    /// spent 18 % of its CPU waking redis-benchmark).
    /// </summary>
    public bool TryDeferSend(EpollConnection connection)
    {
        if (current != this || !delivering) return false;
        deferredSends.Add(connection);
        return true;
    }

    private void SendDeferred()
    {
        // A send may resume a connection waiting on its output, inline: its flush then sends at once.
        delivering = false;
        for (int i = 0; i < deferredSends.Count; i++)
        {
            try
            {
                deferredSends[i].SendDeferred();
            }
            catch (Exception e)
            {
                log($"Connection send failed: {e.Message}");
            }
        }
        deferredSends.Clear();
    }

    private void CloseRequested()
    {
        while (toClose.TryDequeue(out var connection))
        {
            connections.TryRemove(connection.Id, out _);
            connection.CloseOnLoop();
        }
    }

    public void Dispose()
    {
        stopping = true;
        Wake();
        thread.Join(TimeSpan.FromSeconds(2));
        disposed = true;
        CloseRequested();
        foreach (var connection in connections.Values) connection.CloseOnLoop();
        connections.Clear();
        LinuxSockets.Close(wakeFd);
        LinuxSockets.Close(epollFd);
    }
}
