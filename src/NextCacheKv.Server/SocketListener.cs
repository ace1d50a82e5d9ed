using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using NextCacheKv.Server.Transport;
using Pipelines.Sockets.Unofficial;

namespace NextCacheKv.Server;

/// <summary>
/// Accepts clients and hands each one's pipe to the server: an <see cref="EpollConnection"/> on one of
/// our epoll loops, or (portable) one made by Pipelines.Sockets.Unofficial. Either way inline schedulers
/// keep receive → parse → execute → send on the thread that received the bytes.
/// </summary>
internal sealed class SocketListener : IDisposable
{
    private static readonly PipeOptions ReceiveOptions = new(
        pool: BlockMemoryPool.ForSockets, readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, minimumSegmentSize: 16 * 1024,
        useSynchronizationContext: false);

    private static readonly PipeOptions SendOptions = new(
        pool: BlockMemoryPool.ForSockets, readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 4 * 1024 * 1024, resumeWriterThreshold: 2 * 1024 * 1024, minimumSegmentSize: 16 * 1024,
        useSynchronizationContext: false);

    private readonly CacheServer server;
    private readonly Socket socket;
    private readonly EpollLoop[] loops;
    private int nextLoop;
    private Task? acceptLoop;

    /// <summary>How long a closing connection may take to send what its last replies left.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    public SocketListener(CacheServer server, IPEndPoint endPoint, int backlog)
    {
        this.server = server;
        socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = true;
        socket.Bind(endPoint);
        socket.Listen(backlog);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        loops = server.Options.IoEngine == IoEngine.Epoll && LinuxSockets.Supported
            ? Enumerable.Range(0, Math.Max(1, server.Options.IoThreads)).Select(i => new EpollLoop(i, server.Stats, server.Options.BusyPollMicroseconds, server.Options.NapMicroseconds, server.Log)).ToArray()
            : [];
    }

    /// <summary>The address actually bound (the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    public void Start() => acceptLoop = AcceptLoopAsync();

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await socket.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted })
            {
                return;
            }
            catch (SocketException e)
            {
                // A failed accept (e.g. out of file descriptors) must not stop the server.
                server.Log($"Accept failed: {e.Message}");
                await Task.Delay(50).ConfigureAwait(false);
                continue;
            }
            client.NoDelay = true;
            if (loops.Length > 0)
            {
                var loop = loops[nextLoop++ % loops.Length];
                // The connection's loops capture no execution context (see EpollLoop.Run), from their first await on.
                using (ExecutionContext.SuppressFlow())
                    _ = ServeAsync(new EpollConnection(client, loop, ReceiveOptions, SendOptions), client);
                continue;
            }
            var connection = SocketConnection.Create(client, SendOptions, ReceiveOptions);
            _ = ServeAsync(connection, client);
        }
    }

    private async Task ServeAsync(EpollConnection connection, Socket client)
    {
        try
        {
            // The server's loop first waits for input; only then does the socket join its epoll loop, so the
            // connection's commands run on that loop's thread, never on this accept loop's.
            var serving = server.ServeAsync(connection, client.RemoteEndPoint, client.LocalEndPoint);
            connection.Start();
            await serving.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            server.Log($"Connection ended with an error: {e.Message}");
        }
        finally
        {
            await connection.CloseAsync(CloseGrace).ConfigureAwait(false);
        }
    }

    private async Task ServeAsync(SocketConnection connection, Socket client)
    {
        try
        {
            await server.ServeAsync(connection, client.RemoteEndPoint, client.LocalEndPoint).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            server.Log($"Connection ended with an error: {e.Message}");
        }
        finally
        {
            connection.Dispose();
        }
    }

    /// <summary>Stops accepting; connections already open are closed by the server.</summary>
    public void Stop() => socket.Close();

    public void Dispose()
    {
        socket.Dispose();
        acceptLoop?.Wait(TimeSpan.FromSeconds(1));
        foreach (var loop in loops) loop.Dispose();
    }
}
