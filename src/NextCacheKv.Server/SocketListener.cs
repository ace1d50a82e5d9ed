using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Pipelines.Sockets.Unofficial;

namespace NextCacheKv.Server;

/// <summary>
/// The only class that knows about sockets: accepts clients and hands each one's pipe, made by
/// Pipelines.Sockets.Unofficial, to the server. Inline schedulers keep receive → parse → execute →
/// send on the socket's own thread (the largest single win measured here).
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
    private Task? acceptLoop;

    public SocketListener(CacheServer server, IPEndPoint endPoint, int backlog)
    {
        this.server = server;
        socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = true;
        socket.Bind(endPoint);
        socket.Listen(backlog);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
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
            var connection = SocketConnection.Create(client, SendOptions, ReceiveOptions);
            _ = ServeAsync(connection, client);
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
    }
}
