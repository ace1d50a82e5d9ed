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
public sealed class RespConnection
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
    }

    public ClientState Client { get; }

    internal CacheServer Server => server;

    /// <summary>Aborts the connection from another thread (CLIENT KILL, shutdown, output buffer limit).</summary>
    public void Abort()
    {
        Client.KillRequested = true;
        pipe.Input.CancelPendingRead();
        // A loop stuck flushing to a client that does not read must notice too.
        pipe.Output.CancelPendingFlush();
    }

    /// <summary>Wakes an idle loop so it writes queued pub/sub messages (see <see cref="Subscriber"/>).</summary>
    internal void Wake()
    {
        try
        {
            pipe.Input.CancelPendingRead();
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
                server.Stats.NetInputBytes.Add(buffer.Length);
                bool close = false;
                server.Gate.EnterShared(context.GateSlot);
                try
                {
                    context.WritePendingMessages();
                    while (!close)
                    {
                        var status = RespReader.TryParse(ref buffer, request, limits, out string? protocolError);
                        if (status == RespParseStatus.Incomplete) break;
                        if (status == RespParseStatus.Error)
                        {
                            context.Error("ERR " + protocolError);
                            close = true;
                            break;
                        }
                        var pending = Execute();
                        if (!pending.IsCompletedSuccessfully) await pending.ConfigureAwait(false);
                        context.WritePendingMessages();
                        // A long pipeline of large replies flushes early so the client's reading paces us.
                        if (output.CanGetUnflushedBytes && output.UnflushedBytes > server.Options.OutputFlushThreshold)
                            await context.OutsideGateAsync(output.FlushAsync()).ConfigureAwait(false);
                        close = context.CloseAfterReply || Client.KillRequested;
                    }
                }
                finally
                {
                    server.Gate.ExitShared(context.GateSlot);
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
                await output.FlushAsync().ConfigureAwait(false);
                // A cancelled read without a kill is a pub/sub wake-up: the loop goes on.
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
    /// The client went away. That includes the pipe refusing writes because the transport completed it
    /// after a reset (common for subscribers that close with messages unread).
    /// </summary>
    private static bool IsDisconnect(Exception e) =>
        e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException
        || e.GetType().Name == "ConnectionResetException"
        || (e is InvalidOperationException && e.TargetSite?.DeclaringType?.Namespace == "System.IO.Pipelines");

    private ValueTask Execute()
    {
        server.Stats.CommandsProcessed.Increment();
        Client.LastCommandAtMs = Environment.TickCount64;
        // CLIENT REPLY OFF silences every reply, SKIP only the next command's (known or not).
        var mode = Client.ReplyMode;
        context.SuppressReply(mode != ReplyMode.On);
        if (mode == ReplyMode.Skip) Client.ReplyMode = ReplyMode.On;
        return CommandDispatcher.Dispatch(context);
    }
}
