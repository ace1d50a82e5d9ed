using System.Net;
using System.Net.Sockets;

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
}
