using System.Text;
using NextCacheKv.Server.Tests.Infrastructure;
using NextCacheKv.Server.Transport;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Values from 16 KB up leave for the socket from the store's memory,
/// together with the replies written before them, and what the kernel does not take is copied and sent
/// later. Whatever the kernel takes, the client must read every reply whole and in order: small ones around
/// large ones, values just below and at the threshold, values stored in chunks, and NEXTGET entries.
/// </summary>
public sealed class DirectSendTests
{
    /// <summary><c>SocketWriter.DirectSendMinimum</c> (internal to the server).</summary>
    private const int DirectSendMinimum = 16 * 1024;

    [Theory]
    [MemberData(nameof(TransportTests.Engines), MemberType = typeof(TransportTests))]
    public async Task Large_and_small_replies_in_one_pipeline_arrive_whole_and_in_order_at_a_slow_reader(IoEngine engine)
    {
        await using var server = await TestServer.StartAsync(options => options.IoEngine = engine);
        var values = new Dictionary<string, string>
        {
            ["small"] = "tiny",
            ["below"] = Pattern('b', DirectSendMinimum - 1),
            ["at"] = Pattern('a', DirectSendMinimum),
            ["large"] = Pattern('l', 200_000),
            // Over the 1 MB chunk size: stored in chunks, each sent on its own.
            ["chunked"] = Pattern('c', 2_500_000),
        };
        string entryValue = Pattern('e', 70_000);
        await using (var writer = await server.ConnectAsync())
        {
            foreach (var (key, value) in values) Assert.Equal("+OK\\r\\n", await writer.CommandTextAsync("SET", key, value));
            Assert.Equal("+OK\\r\\n", await writer.CommandTextAsync("NEXTSET", "entry", entryValue, "TS", "1000", "TAGS", "1", "t"));
        }

        var requests = new StringBuilder();
        var expected = new StringBuilder();
        for (int round = 0; round < 4; round++)
        {
            foreach (var (key, value) in values)
            {
                requests.Append(RespCommand.Text("GET", key));
                expected.Append(RespCommand.BulkReply(value));
                requests.Append(RespCommand.Text("ECHO", $"after-{key}-{round}"));
                expected.Append(RespCommand.BulkReply($"after-{key}-{round}"));
            }
            requests.Append(RespCommand.Text("NEXTGET", "entry"));
            expected.Append("*5\r\n").Append(RespCommand.BulkReply("1000")).Append(":0\r\n").Append(RespCommand.BulkReply("")).Append("*1\r\n").Append(RespCommand.BulkReply("t")).Append(RespCommand.BulkReply(entryValue));
            requests.Append(RespCommand.Text("GET", "missing"));
            expected.Append("$-1\r\n");
        }

        using var socket = await LoopbackSocket.ConnectAsync(server.Port, receiveBufferSize: 8 * 1024);
        await socket.SendAsync(Encoding.ASCII.GetBytes(requests.ToString()));
        // Not reading at first fills the kernel's buffers, so the server's sends come back short or refused.
        await Task.Delay(200);

        Assert.Equal(expected.ToString(), await LoopbackSocket.ReadAtLeastAsync(socket, expected.Length, bufferBytes: 4096, pauseEveryReads: 64));
    }

    [Theory]
    [MemberData(nameof(TransportTests.Engines), MemberType = typeof(TransportTests))]
    public async Task Clients_reading_large_values_at_once_each_get_their_own_replies(IoEngine engine)
    {
        await using var server = await TestServer.StartWithLoopsAsync(engine, ioThreads: 2);
        const int Clients = 8, Gets = 30;
        await using (var writer = await server.ConnectAsync())
        {
            for (int id = 0; id < Clients; id++) await writer.CommandAsync("SET", $"value:{id}", Pattern((char)('a' + id), 40_000 + id));
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async id =>
        {
            await using var client = await server.ConnectAsync();
            for (int i = 0; i < Gets; i++)
                Assert.Equal(RespCommand.BulkReply(Pattern((char)('a' + id), 40_000 + id)), Encoding.ASCII.GetString(await client.CommandAsync("GET", $"value:{id}")));
        }));
    }

    /// <summary>A value whose every position is distinct enough that a lost, doubled or swapped piece shows.</summary>
    private static string Pattern(char first, int length)
    {
        var text = new StringBuilder(length);
        for (int i = 0; text.Length < length; i++) text.Append(first).Append(i).Append(';');
        return text.ToString(0, length);
    }
}
