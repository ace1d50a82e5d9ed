using System.Net;
using System.Net.Sockets;

namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>
/// A bare TCP connection that sends exact bytes and hands back exact reply bytes, so tests see precisely
/// what a server puts on the wire. Every read is bounded so a missing reply fails instead of hanging.
/// </summary>
public sealed class RawRespClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket socket;
    private readonly ReceiveBuffer received = new();

    private RawRespClient(Socket socket)
    {
        this.socket = socket;
    }

    public static async Task<RawRespClient> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new RawRespClient(socket);
    }

    public async Task SendAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.SendAsync(bytes, SocketFlags.None, timeout.Token);
    }

    /// <summary>Sends text as-is (Latin-1, so "\0" and "\xff" become single bytes).</summary>
    public Task SendAsync(string text) => SendAsync(RespText.Bytes(text));

    /// <summary>Reads exactly one complete reply (including nested aggregates) and returns its raw bytes.</summary>
    public async Task<byte[]> ReadReplyAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            int length = RespFraming.MeasureReply(received.Span);
            if (length > 0)
                return received.Take(length);
            if (!await ReceiveMoreAsync(deadline.Token, "a complete reply"))
                throw new IOException($"Connection closed before a complete reply; received so far: \"{RespText.Escape(received.Span)}\"");
        }
    }

    /// <summary>Reads one reply and returns it escaped (CR LF shown as \r\n), convenient for assertions.</summary>
    public async Task<string> ReadReplyTextAsync() => RespText.Escape(await ReadReplyAsync());

    /// <summary>Sends a multibulk command and returns the raw reply.</summary>
    public async Task<byte[]> CommandAsync(params string[] args)
    {
        await SendAsync(RespCommand.Encode(args));
        return await ReadReplyAsync();
    }

    public async Task<byte[]> CommandAsync(params byte[][] args)
    {
        await SendAsync(RespCommand.Encode(args));
        return await ReadReplyAsync();
    }

    /// <summary>Sends a multibulk command and returns the reply as escaped text, e.g. "+OK\r\n".</summary>
    public async Task<string> CommandTextAsync(params string[] args) => RespText.Escape(await CommandAsync(args));

    /// <summary>True when the server closes the connection within the wait without sending anything more.</summary>
    public async Task<bool> IsClosedAsync(TimeSpan? wait = null)
    {
        if (received.Length > 0)
            return false;
        using var deadline = new CancellationTokenSource(wait ?? DefaultTimeout);
        try
        {
            return !await ReceiveMoreAsync(deadline.Token, "the connection to close");
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits until at least <paramref name="count"/> bytes of a reply have arrived and returns them (the rest
    /// stays unread): proof that a command has started answering, e.g. one whose reply never ends.
    /// </summary>
    public async Task<byte[]> ReadStartAsync(int count, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (received.Length < count)
            if (!await ReceiveMoreAsync(deadline.Token, $"{count} bytes"))
                throw new IOException($"Connection closed after {received.Length} of {count} bytes");
        return received.Take(count);
    }

    /// <summary>Reads everything until the server closes the connection (bounded by the timeout).</summary>
    public async Task<byte[]> ReadUntilClosedAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (await ReceiveMoreAsync(deadline.Token, "the connection to close"))
        {
        }
        return received.Take(received.Length);
    }

    private async Task<bool> ReceiveMoreAsync(CancellationToken deadline, string waitingFor)
    {
        var chunk = new byte[16 * 1024];
        int count;
        try
        {
            count = await socket.ReceiveAsync(chunk, SocketFlags.None, deadline);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out waiting for {waitingFor}; received so far: \"{RespText.Escape(received.Span)}\"");
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            return false; // a reset is also the server closing on us
        }
        received.Append(chunk.AsSpan(0, count));
        return count > 0;
    }

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
