using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using NextCacheKv.Protocol;
using NextCacheKv.Server.PubSub;

namespace NextCacheKv.Server;

/// <summary>
/// The request loop of one client, transport-agnostic: read, parse every complete request in the
/// buffer, run each to completion on this thread, write replies in order, flush once per batch.
/// </summary>
public sealed class RespConnection : Transport.IInputWarmer
{
    private readonly CacheServer server;
    private readonly IDuplexPipe pipe;
    private readonly RespRequest request = new();
    private readonly CommandContext context;

    public RespConnection(CacheServer server, IDuplexPipe pipe, EndPoint? remote, EndPoint? local)
    {
        this.server = server;
        this.pipe = pipe;
        Client = new ClientState { RemoteEndPoint = remote, LocalEndPoint = local, Authenticated = server.Options.RequirePass is null };
        context = new CommandContext(server, Client, request, pipe.Output, server.Store.NewSession()) { Connection = this };
        // A client the transport lost is treated as killed, so even a command that never flushes stops.
        if (pipe is Transport.IBreakableTransport transport) transport.Broken.UnsafeRegister(static state => ((RespConnection)state!).Abort(), this);
        if (pipe is Transport.EpollConnection epoll) epoll.Warmer = this;
    }

    public ClientState Client { get; }

    internal CacheServer Server => server;

    /// <summary>Aborts the connection from another thread (CLIENT KILL, shutdown, output buffer limit).</summary>
    public void Abort()
    {
        Client.KillRequested = true;
        ThreadPool.UnsafeQueueUserWorkItem(static connection => connection.CancelPending(abort: true), this, preferLocal: false);
    }

    /// <summary>Wakes an idle loop so it writes queued pub/sub messages (see <see cref="Subscriber"/>).</summary>
    internal void Wake() => ThreadPool.UnsafeQueueUserWorkItem(static connection => connection.CancelPending(abort: false), this, preferLocal: false);

    /// <summary>
    /// Always on a pool thread: both pipes resume inline, so cancelling from the caller's thread would run
    /// this connection's loop there — under whatever the caller holds (the gate, a key's lock).
    /// </summary>
    private void CancelPending(bool abort)
    {
        try
        {
            if (abort) Client.CancelBlockedWait?.Invoke();
            pipe.Input.CancelPendingRead();
            // A loop stuck flushing to a client that does not read must notice a kill too.
            if (abort) pipe.Output.CancelPendingFlush();
        }
        catch (InvalidOperationException)
        {
            // The connection already ended.
        }
    }

    public async Task RunAsync()
    {
        var input = pipe.Input;
        var output = pipe.Output;
        var limits = server.Options.Limits;
        try
        {
            while (!Client.KillRequested)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                server.Stats.NetInputBytes.Add(buffer.Length, context.Stripe);
                // Idle time counts from the last read, as Redis's lastinteraction does; one clock read per batch.
                Client.LastCommandAtMs = Environment.TickCount64;
                bool close = false;
                server.Gate.EnterShared(context.GateSlot);
                try
                {
                    context.WritePendingMessages();
                    int warmed = 0;
                    while (!close)
                    {
                        var status = RespReader.TryParse(ref buffer, request, limits, out string? protocolError);
                        if (status == RespParseStatus.Incomplete) break;
                        // Warms the requests after this one: a lone request (pipeline depth 1) leaves nothing to scan.
                        if (--warmed <= 0) warmed = BatchPrefetch.Warm(context.Store, context.Db, buffer);
                        if (status == RespParseStatus.Error)
                        {
                            context.Error("ERR " + protocolError);
                            close = true;
                            break;
                        }
                        var pending = Execute();
                        if (!pending.IsCompletedSuccessfully)
                        {
                            if (Client.CancelBlockedWait is null) await pending.ConfigureAwait(false);
                            else
                            {
                                // A blocked command: keep reading meanwhile, to notice the client leaving.
                                input.AdvanceTo(buffer.Start, buffer.End);
                                result = await WatchInputWhileBlocked(pending).ConfigureAwait(false);
                                buffer = result.Buffer;
                                // A client that left while blocked gets nothing more run for it, as in Redis.
                                close = result.IsCompleted;
                            }
                        }
                        context.WritePendingMessages();
                        close |= context.CloseAfterReply || Client.KillRequested;
                        // A long pipeline of large replies flushes early so the client's reading paces us.
                        if (output.CanGetUnflushedBytes && output.UnflushedBytes > server.Options.OutputFlushThreshold)
                            await context.OutsideGateAsync(output.FlushAsync()).ConfigureAwait(false);
                        close |= Client.KillRequested;
                    }
                }
                finally
                {
                    server.Gate.ExitShared(context.GateSlot);
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
                // A killed client that stopped reading would hold this flush forever: it gets nothing more.
                if (!Client.KillRequested) await output.FlushAsync().ConfigureAwait(false);
                // A canceled read means CLIENT KILL, the end of a blocked wait or a pub/sub wake-up: only a kill ends the loop.
                if (close || result.IsCompleted || Client.KillRequested) break;
            }
        }
        catch (Exception e) when (IsDisconnect(e))
        {
            // The client went away; nothing to report.
        }
        catch (Exception e)
        {
            server.Log($"Connection {Client.Id} closed after an unexpected error: {e}");
        }
        finally
        {
            server.Watches.UnwatchAll(Client);
            if (context.SubscriberOrNull is { } subscriber)
            {
                server.PubSub.UnsubscribeAll(subscriber);
                subscriber.Close();
            }
            context.Store.Dispose();
            await input.CompleteAsync().ConfigureAwait(false);
            await output.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a blocked command to its end while reading the socket: the client closing it (or CLIENT KILL)
    /// cancels the wait, as Redis unblocks a client that disconnects. Data the client sends meanwhile is
    /// kept for after the command. Returns the input read so far, from the first unparsed byte.
    /// </summary>
    private async Task<ReadResult> WatchInputWhileBlocked(ValueTask pending)
    {
        var input = pipe.Input;
        bool commandDone = false;
        var watching = Watch();
        try
        {
            await pending.ConfigureAwait(false);
        }
        finally
        {
            commandDone = true;
            if (!watching.IsCompleted) input.CancelPendingRead();
        }
        return await watching.ConfigureAwait(false);

        async Task<ReadResult> Watch()
        {
            while (true)
            {
                var read = await input.ReadAsync().ConfigureAwait(false);
                if (Volatile.Read(ref commandDone)) return read;
                if (read.IsCompleted || (read.IsCanceled && Client.KillRequested))
                {
                    Client.CancelBlockedWait?.Invoke();
                    return read;
                }
                // Any other cancel is a pub/sub wake-up: its messages are written once the blocked command ends.
                input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
    }

    /// <summary>
    /// The client went away. That includes the pipe refusing writes because the transport completed it
    /// after a reset (common for subscribers that close with messages unread).
    /// </summary>
    private bool IsDisconnect(Exception e) =>
        e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException
        || e.GetType().Name == "ConnectionResetException"
        || (e is InvalidOperationException && TransportEnded);

    /// <summary>The transport has given up on the socket (asked, not inferred from the exception: that needs reflection).</summary>
    private bool TransportEnded => pipe switch
    {
        Transport.IBreakableTransport transport => transport.Broken.IsCancellationRequested,
        Pipelines.Sockets.Unofficial.SocketConnection socket => socket.ShutdownKind != Pipelines.Sockets.Unofficial.PipeShutdownKind.None,
        _ => false,
    };

    /// <summary>The key of the first request in what the loop just read (it runs later in the same loop pass).</summary>
    long Transport.IInputWarmer.WarmBucket(ReadOnlySpan<byte> input)
    {
        Span<Range> key = stackalloc Range[1];
        // Reads only the store's index (never this session's state), so it is safe whatever the connection is doing.
        return PipelinedKeys.Find(input, key) == 1 ? context.Store.PrefetchBucket(context.Db, input[key[0]]) : 0;
    }

    void Transport.IInputWarmer.WarmRecord(long token) => context.Store.PrefetchRecord(token);

    private ValueTask Execute()
    {
        server.Stats.CommandsProcessed.Increment(context.Stripe);
        // One time for the whole command, read when first needed (Redis's command time snapshot).
        context.Store.BeginCommand();
        // CLIENT REPLY OFF silences every reply, SKIP only the next command's (known or not).
        var mode = Client.ReplyMode;
        context.SuppressReply(mode != ReplyMode.On);
        if (mode == ReplyMode.Skip) Client.ReplyMode = ReplyMode.On;
        return CommandDispatcher.Dispatch(context);
    }
}
