using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Pipelines.Sockets.Unofficial;

namespace NextCacheKv.Server;

/// <summary>
/// The only class that knows about Pipelines.Sockets.Unofficial: accepts sockets and hands each
/// connection's pipe to <see cref="RespConnection"/>. Inline schedulers keep receive → parse →
/// execute → send on the socket's own thread (the largest single win measured here).
/// </summary>
internal sealed class SocketListener : SocketServer
{
    private readonly CacheServer server;
    private readonly TaskCompletionSource<IPEndPoint> started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SocketListener(CacheServer server) => this.server = server;

    public Task<IPEndPoint> Started => started.Task;

    public void Start(IPEndPoint endPoint, int backlog)
    {
        var receive = new PipeOptions(
            pool: null, readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, minimumSegmentSize: 16 * 1024,
            useSynchronizationContext: false);
        var send = new PipeOptions(
            pool: null, readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: 4 * 1024 * 1024, resumeWriterThreshold: 2 * 1024 * 1024, minimumSegmentSize: 16 * 1024,
            useSynchronizationContext: false);
        Listen(endPoint, endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp, backlog, send, receive);
    }

    protected override void OnStarted(EndPoint endPoint) => started.TrySetResult((IPEndPoint)endPoint);

    protected override void OnServerFaulted(Exception exception)
    {
        started.TrySetException(exception);
        // Stopping the listener cancels its accept loop; that is not a fault.
        if (!server.IsStopping) server.Log($"Listener faulted: {exception.Message}");
    }

    protected override Task OnClientConnectedAsync(in ClientConnection client)
    {
        var transport = client.Transport;
        EndPoint? local = (transport as SocketConnection)?.Socket.LocalEndPoint;
        if (transport is SocketConnection socketConnection) socketConnection.Socket.NoDelay = true;
        return server.ServeAsync(transport, client.RemoteEndPoint, local);
    }
}
