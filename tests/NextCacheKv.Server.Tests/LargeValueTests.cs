using System.Net.Sockets;
using System.Text;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>Values far larger than a FASTER page (20 MB, 100 MB) go through real sockets intact.</summary>
public sealed class LargeValueTests : IAsyncLifetime
{
    private TestServer server = null!;

    public async Task InitializeAsync() => server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData(20_000_000)]
    [InlineData(100 * 1024 * 1024)]
    public async Task A_value_larger_than_a_log_page_round_trips(int length)
    {
        var value = new byte[length];
        new Random(length).NextBytes(value);
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", server.Port);
        var stream = client.GetStream();

        await SendAsync(stream, "SET", "big", value);
        Assert.Equal("+OK\r\n", await ReadLineAsync(stream));
        await SendAsync(stream, "STRLEN", "big");
        Assert.Equal($":{length}\r\n", await ReadLineAsync(stream));
        await SendAsync(stream, "GET", "big");
        Assert.Equal($"${length}\r\n", await ReadLineAsync(stream));
        var received = new byte[length + 2];
        await stream.ReadExactlyAsync(received).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(value.AsSpan().SequenceEqual(received.AsSpan(0, length)), "the value came back changed");
        Assert.Equal("\r\n"u8.ToArray(), received[length..]);
        await SendAsync(stream, "GETRANGE", "big", Encoding.ASCII.GetBytes((length - 5).ToString()), "-1"u8.ToArray());
        Assert.Equal("$5\r\n", await ReadLineAsync(stream));
        var tail = new byte[7];
        await stream.ReadExactlyAsync(tail);
        Assert.Equal(value[^5..], tail[..5]);
        await SendAsync(stream, "DEL", "big");
        Assert.Equal(":1\r\n", await ReadLineAsync(stream));
    }

    private static Task SendAsync(NetworkStream stream, string command, string key) => SendAsync(stream, command, key, null);

    private static async Task SendAsync(NetworkStream stream, string command, string key, params byte[][]? values)
    {
        var parts = new List<byte[]> { Encoding.ASCII.GetBytes(command), Encoding.ASCII.GetBytes(key) };
        if (values is not null) parts.AddRange(values);
        using var buffer = new MemoryStream();
        buffer.Write(Encoding.ASCII.GetBytes($"*{parts.Count}\r\n"));
        foreach (var part in parts)
        {
            buffer.Write(Encoding.ASCII.GetBytes($"${part.Length}\r\n"));
            buffer.Write(part);
            buffer.Write("\r\n"u8);
        }
        await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (!line.ToString().EndsWith("\r\n", StringComparison.Ordinal))
        {
            int read = await stream.ReadAsync(one).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
            if (read == 0) throw new IOException($"connection closed after '{line}'");
            line.Append((char)one[0]);
        }
        return line.ToString();
    }
}
