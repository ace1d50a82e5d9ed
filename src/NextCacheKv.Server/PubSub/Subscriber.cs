using System.Buffers;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.PubSub;

/// <summary>
/// One connection's side of pub/sub: what it subscribes to and the messages waiting to be written.
/// <para>
/// Delivery: a connection's <see cref="System.IO.Pipelines.PipeWriter"/> is written by its own loop
/// only, without locks. A publisher on another thread therefore never touches it: it appends the
/// encoded frame to this outbox (under a small lock held for the append only) and, when the outbox was
/// empty, wakes the loop by cancelling its pending read from a thread-pool item (never inline: the
/// loop's continuation would otherwise run on the publisher's thread, which may hold store locks). The
/// loop writes the outbox between commands and when woken, then flushes as usual. A connection that
/// never subscribed has no outbox, so its loop pays one null check per command. Frames leave in the
/// order they were appended, and a publisher appends under the broker's lock, so each publisher's
/// messages keep their order.
/// </para>
/// <para>
/// Bounded: when the loop cannot write because the client does not read (its flush is waiting on the
/// socket), the outbox grows; past the pubsub class of <c>client-output-buffer-limit</c> (hard, or soft
/// for soft-seconds) the client is disconnected, as Redis does.
/// </para>
/// </summary>
public sealed class Subscriber
{
    private readonly RespConnection connection;
    private readonly Lock gate = new();
    private List<byte[]> queued = [];
    private List<byte[]> writing = [];
    private long queuedBytes;
    private long overSoftSinceMs;
    private bool closed;
    private volatile bool pending;

    internal Subscriber(RespConnection connection)
    {
        this.connection = connection;
        Client = connection.Client;
    }

    public ClientState Client { get; }

    /// <summary>Channels and patterns; changed only under the broker's lock, by the owning connection.</summary>
    internal HashSet<byte[]> Channels { get; } = new(ByteArrayComparer.Instance);
    internal HashSet<byte[]> Patterns { get; } = new(ByteArrayComparer.Instance);
    internal HashSet<byte[]> ShardChannels { get; } = new(ByteArrayComparer.Instance);

    internal bool HasPending => pending;

    internal void UpdateCounts()
    {
        Client.ChannelSubscriptions = Channels.Count;
        Client.PatternSubscriptions = Patterns.Count;
        Client.ShardSubscriptions = ShardChannels.Count;
    }

    /// <summary>Any thread: queues a frame for the loop to write; disconnects the client past its limit.</summary>
    internal void Enqueue(byte[] frame, OutputBufferLimit limit)
    {
        bool wake, kill;
        lock (gate)
        {
            if (closed) return;
            queued.Add(frame);
            queuedBytes += frame.Length;
            wake = !pending;
            pending = true;
            kill = IsOverLimit(limit);
            if (kill)
            {
                closed = true;
                queued.Clear();
                queuedBytes = 0;
            }
        }
        if (kill)
        {
            Client.KillRequested = true;
            // Off the publisher's thread: logging may block, and the publisher may hold locks.
            ThreadPool.UnsafeQueueUserWorkItem(static c => Disconnect(c), connection, preferLocal: false);
        }
        else if (wake)
        {
            connection.Wake();
        }
    }

    private static void Disconnect(RespConnection connection)
    {
        connection.Server.Log($"Client id={connection.Client.Id} closed for overcoming of output buffer limits.");
        try
        {
            connection.Abort();
        }
        catch (InvalidOperationException)
        {
            // The connection ended meanwhile.
        }
    }

    private bool IsOverLimit(OutputBufferLimit limit)
    {
        if (limit.HardBytes > 0 && queuedBytes >= limit.HardBytes) return true;
        if (limit.SoftBytes <= 0 || queuedBytes < limit.SoftBytes)
        {
            overSoftSinceMs = 0;
            return false;
        }
        long now = Environment.TickCount64;
        if (overSoftSinceMs == 0)
        {
            overSoftSinceMs = now;
            return false;
        }
        return now - overSoftSinceMs >= limit.SoftSeconds * 1000L;
    }

    /// <summary>Owning loop only: writes every queued frame, oldest first.</summary>
    internal void WritePending(IBufferWriter<byte> output)
    {
        List<byte[]> frames;
        lock (gate)
        {
            if (!pending) return;
            frames = queued;
            queued = writing;
            writing = frames;
            queuedBytes = 0;
            pending = false;
        }
        foreach (var frame in frames) output.Write(frame);
        frames.Clear();
    }

    /// <summary>Owning loop only: a message this connection caused itself goes out at once, after any queued ones, before the command's reply (as in Redis).</summary>
    internal void WriteNow(byte[] frame, IBufferWriter<byte> output)
    {
        WritePending(output);
        output.Write(frame);
    }

    /// <summary>The connection is going away: nothing more is queued.</summary>
    internal void Close()
    {
        lock (gate)
        {
            closed = true;
            queued.Clear();
            queuedBytes = 0;
            pending = false;
        }
    }
}
