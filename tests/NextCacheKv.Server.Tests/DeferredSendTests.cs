using System.Text;
using NextCacheKv.Server.Tests.Infrastructure;
using NextCacheKv.Server.Transport;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// An epoll loop sends the replies of a batch after every ready connection ran, and gives an idle connection's
/// last block back to the pool even when the connection's writer is busy on another thread (a blocked command
/// woken by another client). Every reply must still arrive whole, in order, and without waiting for more input.
/// </summary>
public sealed class DeferredSendTests
{
    [Theory]
    [MemberData(nameof(TransportTests.Engines), MemberType = typeof(TransportTests))]
    public async Task Pipelining_clients_sharing_one_loop_each_get_their_own_replies_in_order(IoEngine engine)
    {
        await using var server = await TestServer.StartWithLoopsAsync(engine, ioThreads: 1);
        const int Clients = 24, Rounds = 40, Depth = 16;

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async id =>
        {
            using var socket = await LoopbackSocket.ConnectAsync(server.Port);
            int counter = 0;
            for (int round = 0; round < Rounds; round++)
            {
                var requests = new StringBuilder();
                var expected = new StringBuilder();
                for (int i = 0; i < Depth; i++)
                {
                    requests.Append(RespCommand.Text("INCR", $"counter:{id}"));
                    expected.Append(':').Append(++counter).Append("\r\n");
                    requests.Append(RespCommand.Text("ECHO", $"{id}-{round}-{i}"));
                    expected.Append(RespCommand.BulkReply($"{id}-{round}-{i}"));
                }
                await socket.SendAsync(Encoding.ASCII.GetBytes(requests.ToString()));
                Assert.Equal(expected.ToString(), await LoopbackSocket.ReadAtLeastAsync(socket, expected.Length));
            }
        }));
    }

    [Theory]
    [MemberData(nameof(TransportTests.Engines), MemberType = typeof(TransportTests))]
    public async Task Replies_written_from_another_thread_arrive_whole_while_the_loops_send_and_release_blocks(IoEngine engine)
    {
        await using var server = await TestServer.StartWithLoopsAsync(engine, ioThreads: 2);
        const int Pairs = 6, Handoffs = 150;
        string payload = new('p', 3000);

        await Task.WhenAll(Enumerable.Range(0, Pairs).Select(async pair =>
        {
            await using var waiter = await server.ConnectAsync();
            await using var pusher = await server.ConnectAsync();
            for (int i = 0; i < Handoffs; i++)
            {
                string list = $"list:{pair}";
                // The waiter's reply is written by whichever thread wakes it, while loops send other replies.
                var popped = waiter.CommandAsync("BLPOP", list, "5");
                string value = $"{pair}:{i}:{payload}";
                Assert.Equal(":1\r\n", Encoding.ASCII.GetString(await PushWhenWaiting(pusher, list, value)));
                Assert.Equal($"*2\r\n{RespCommand.BulkReply(list)}{RespCommand.BulkReply(value)}", Encoding.ASCII.GetString(await popped));
                Assert.Equal(RespCommand.BulkReply(value[..100]), Encoding.ASCII.GetString(await waiter.CommandAsync("ECHO", value[..100])));
            }
        }));
    }

    /// <summary>RPUSH once the waiter is blocked (a push before the BLPOP arrives would be popped just the same, but not by a wake-up).</summary>
    private static async Task<byte[]> PushWhenWaiting(RawRespClient pusher, string list, string value)
    {
        for (int attempt = 0; attempt < 500; attempt++)
        {
            string blocked = Encoding.ASCII.GetString(await pusher.CommandAsync("INFO", "clients"));
            if (blocked.Contains("blocked_clients:", StringComparison.Ordinal) && !blocked.Contains("blocked_clients:0", StringComparison.Ordinal)) break;
            await Task.Delay(1);
        }
        return await pusher.CommandAsync("RPUSH", list, value);
    }
}
