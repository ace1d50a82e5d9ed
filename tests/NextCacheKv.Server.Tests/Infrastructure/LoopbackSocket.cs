using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>A raw TCP socket to a test server on 127.0.0.1, for tests that control exactly what is sent and read.</summary>
public static class LoopbackSocket
{
    /// <param name="receiveBufferSize">Set before connecting, so a small one also limits the window the server sees.</param>
    public static async Task<Socket> ConnectAsync(int port, int? receiveBufferSize = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferSize is { } size) socket.ReceiveBufferSize = size;
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).WaitAsync(TimeSpan.FromSeconds(5));
        return socket;
    }

    /// <summary>
    /// Reads until at least <paramref name="length"/> bytes arrived or the server closed, as ASCII. A slow reader
    /// passes a small <paramref name="bufferBytes"/> and pauses 1 ms every <paramref name="pauseEveryReads"/> reads.
    /// </summary>
    public static async Task<string> ReadAtLeastAsync(Socket socket, int length, int bufferBytes = 64 * 1024, int pauseEveryReads = 0)
    {
        var received = new MemoryStream();
        var buffer = new byte[bufferBytes];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (int reads = 1; received.Length < length; reads++)
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (n == 0) break;
            received.Write(buffer, 0, n);
            if (pauseEveryReads > 0 && reads % pauseEveryReads == 0) await Task.Delay(1);
        }
        return Encoding.ASCII.GetString(received.ToArray());
    }
}
