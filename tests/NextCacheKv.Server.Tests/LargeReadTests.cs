using System.Text;
using NextCacheKv.Server.Tests.Infrastructure;
using NextCacheKv.Server.Transport;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Once a read fills its 16 KB buffer, the epoll transport reads the rest into one 64 KB buffer. Values just past
/// a buffer, past the large buffer, and several times it, pipelined with small commands in one write, all arrive
/// whole and in order.
/// </summary>
public sealed class LargeReadTests
{
    [Fact]
    public async Task Large_values_pipelined_with_small_commands_arrive_whole_and_in_order()
    {
        await using var server = await TestServer.StartWithLoopsAsync(IoEngine.Epoll, ioThreads: 1, _ => { });
        using var socket = await LoopbackSocket.ConnectAsync(server.Port);
        var values = new[] { 16 * 1024 + 1, 64 * 1024 + 3, 200 * 1024, 5 }.Select(Letters).ToArray();
        var requests = new StringBuilder();
        var expected = new StringBuilder();
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < values.Length; i++)
            {
                requests.Append(RespCommand.Text("SET", $"large:{i}", values[i])).Append(RespCommand.Text("INCR", "large:count"));
                expected.Append("+OK\r\n").Append(':').Append(round * values.Length + i + 1).Append("\r\n");
            }
            for (int i = values.Length - 1; i >= 0; i--)
            {
                requests.Append(RespCommand.Text("GET", $"large:{i}"));
                expected.Append(RespCommand.BulkReply(values[i]));
            }
        }

        await socket.SendAsync(Encoding.Latin1.GetBytes(requests.ToString()));

        Assert.Equal(expected.ToString(), await LoopbackSocket.ReadAtLeastAsync(socket, expected.Length));
    }

    private static string Letters(int length)
    {
        var random = new Random(length);
        return string.Create(length, random, (span, r) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = (char)('a' + r.Next(26));
        });
    }
}
