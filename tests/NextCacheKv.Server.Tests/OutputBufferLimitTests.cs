using System.Net;
using System.Net.Sockets;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// client-output-buffer-limit pubsub: a subscriber that never reads is disconnected once the messages
/// waiting for it pass the hard limit, or stay over the soft limit for its seconds; the server's
/// buffering stays bounded meanwhile.
/// </summary>
public sealed class OutputBufferLimitTests : ServerClientTest
{
    private const int MessageBytes = 64 * 1024;
    private static readonly string Payload = new('m', MessageBytes);

    /// <summary>A subscriber with small socket buffers that reads its confirmation and then nothing.</summary>
    private async Task<Socket> StalledSubscriberAsync(string channel)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 16 * 1024 };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port));
        await socket.SendAsync(RespCommand.Encode("SUBSCRIBE", channel));
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(RawRespClient.DefaultTimeout);
        int read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        Assert.Equal($"*3\r\n$9\r\nsubscribe\r\n${channel.Length}\r\n{channel}\r\n:1\r\n", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        return socket;
    }

    /// <summary>Publishes until nobody receives (the subscriber was dropped); returns how many were published.</summary>
    private async Task<int> PublishUntilDroppedAsync(string channel, int maxMessages, int pauseMs = 0)
    {
        for (int sent = 1; sent <= maxMessages; sent++)
        {
            var reply = await client.CommandTextAsync("PUBLISH", channel, Payload);
            if (reply == ":0\\r\\n") return sent;
            Assert.Equal(":1\\r\\n", reply);
            if (pauseMs > 0) await Task.Delay(pauseMs);
        }
        return -1;
    }

    [Fact]
    public async Task Hard_limit_disconnects_a_subscriber_that_never_reads()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 0 0"));
        using var stalled = await StalledSubscriberAsync("firehose");

        // 256 MB at most; the limit, the 4 MB send pipe and the kernel buffers end it far sooner.
        int published = await PublishUntilDroppedAsync("firehose", 4096);

        Assert.True(published > 0, "The stalled subscriber was never disconnected: its messages are buffered without bound.");
        Assert.True((long)published * MessageBytes < 64L << 20, $"Disconnected only after {published} messages of 64 KB.");
        Assert.Equal("*2\\r\\n$8\\r\\nfirehose\\r\\n:0\\r\\n", await client.CommandTextAsync("PUBSUB", "NUMSUB", "firehose"));
        Assert.Contains(server.Log, line => line.Contains("output buffer limits"));
        Assert.True(await ClosedAsync(stalled), "The server did not close the stalled subscriber's socket.");
        Assert.Equal("+PONG\\r\\n", await client.CommandTextAsync("PING"));
    }

    [Fact]
    public async Task Soft_limit_disconnects_after_its_seconds()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 256kb 1"));
        using var stalled = await StalledSubscriberAsync("slow");

        // Fill the pipe and socket buffers fast, then keep the backlog over the soft limit until it is dropped.
        int published = await PublishUntilDroppedAsync("slow", 600, pauseMs: 0);
        if (published < 0) published = await PublishUntilDroppedAsync("slow", 300, pauseMs: 100);

        Assert.True(published > 0, "The subscriber stayed over the soft limit and was never disconnected.");
        Assert.True(await ClosedAsync(stalled));
    }

    [Fact]
    public async Task A_subscriber_that_reads_is_not_disconnected()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("CONFIG", "SET", "client-output-buffer-limit", "pubsub 8mb 0 0"));
        await using var subscriber = await server.ConnectAsync();
        await subscriber.CommandAsync("SUBSCRIBE", "steady");
        for (int i = 0; i < 200; i++)
        {
            Assert.Equal(":1\\r\\n", await client.CommandTextAsync("PUBLISH", "steady", Payload));
            var message = await subscriber.ReadReplyAsync();
            Assert.Equal(MessageBytes + 39, message.Length);
        }
    }

    /// <summary>Drains whatever was buffered, then expects end of stream (bounded).</summary>
    private static async Task<bool> ClosedAsync(Socket socket)
    {
        var buffer = new byte[1 << 20];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }
            return true;
        }
        catch (SocketException)
        {
            return true; // reset: closed as well
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Config_client_output_buffer_limit_matches_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();
        await diff.RunCommandsAsync(
            ["CONFIG", "GET", "client-output-buffer-limit"],
            ["CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 512kb 5"],
            ["CONFIG", "GET", "client-output-buffer-limit"],
            ["CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 512kb"],
            ["CONFIG", "SET", "client-output-buffer-limit", "foo 1 1 1"],
            ["CONFIG", "SET", "client-output-buffer-limit", "pubsub x 1 1"],
            ["CONFIG", "SET", "client-output-buffer-limit", "pubsub 1 1 -1"],
            ["CONFIG", "SET", "client-output-buffer-limit", "pubsub -1 1 1"],
            ["CONFIG", "SET", "client-output-buffer-limit", "master 1 1 1"],
            ["CONFIG", "SET", "client-output-buffer-limit", "replica 1 2 3 normal 4 5 6"],
            ["CONFIG", "GET", "client-output-buffer-limit"],
            ["CONFIG", "SET", "client-output-buffer-limit", "PUBSUB 2gb 1k 9999999999"],
            ["CONFIG", "GET", "client-output-buffer-limit"],
            ["CONFIG", "SET", "client-output-buffer-limit", "pubsub 2 2 2 pubsub x 1 1"],
            ["CONFIG", "GET", "client-output-buffer-limit"],
            ["CONFIG", "SET", "client-output-buffer-limit", ""],
            ["CONFIG", "GET", "client-output-buffer-limit"]);
    }
}
