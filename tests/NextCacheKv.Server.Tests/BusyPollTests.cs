using System.Text;
using NextCacheKv.Server.Tests.Infrastructure;
using NextCacheKv.Server.Transport;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// An epoll loop that is busy polls for a few microseconds before it sleeps; an idle or lightly used one, or one
/// with polling off, goes to sleep at once. INFO stats counts the polls (busy_poll_hits, busy_poll_misses). What
/// the clients get is the same either way: every other test runs with polling on.
/// </summary>
public sealed class BusyPollTests
{
    [Fact]
    public async Task A_loaded_loop_polls_and_every_reply_arrives_in_order()
    {
        await using var server = await StartAsync(busyPollMicroseconds: 20);
        await using var observer = await server.ConnectAsync();

        Assert.True(await LoadUntilPolledAsync(server.Port, observer) > 0, "a loop kept busy by 8 pipelining clients never polled before sleeping");
    }

    [Fact]
    public async Task Polling_off_never_polls_however_busy_the_loop()
    {
        await using var server = await StartAsync(busyPollMicroseconds: 0);
        await using var observer = await server.ConnectAsync();

        await LoadAsync(server.Port, rounds: 60);

        Assert.Equal(0, await PollsAsync(observer));
    }

    [Fact]
    public async Task A_lightly_used_loop_sleeps_between_requests()
    {
        await using var server = await StartAsync(busyPollMicroseconds: 20);
        await using var client = await server.ConnectAsync();
        Assert.Equal("+PONG\r\n", Encoding.ASCII.GetString(await client.CommandAsync("PING")));
        await Task.Delay(50);
        long before = await PollsAsync(client);

        for (int i = 0; i < 20; i++)
        {
            await Task.Delay(20);
            Assert.Equal("+PONG\r\n", Encoding.ASCII.GetString(await client.CommandAsync("PING")));
        }

        // A request the machine preempted (CI runs suites side by side on two cores) can make the loop look busy
        // for once, and it then polls after it: seen once in CI. Polling after every request is what this rules out.
        long polls = await PollsAsync(client) - before;
        Assert.True(polls <= 3, $"the loop polled after {polls} of 20 requests 20 ms apart");
    }

    private static Task<TestServer> StartAsync(int busyPollMicroseconds)
        => TestServer.StartWithLoopsAsync(IoEngine.Epoll, ioThreads: 1, options =>
        {
            options.BusyPollMicroseconds = busyPollMicroseconds;
            // A napping loop does not poll; these tests are about polling.
            options.NapMicroseconds = 0;
        });

    /// <summary>Loads the server in bursts until its loop polls (at most 15 s); the polls counted, 0 if it never did.</summary>
    internal static Task<long> LoadUntilPolledAsync(int port, RawRespClient observer)
        => LoadUntil.CountedAsync(() => LoadAsync(port, rounds: 30), () => PollsAsync(observer));

    internal static async Task<long> PollsAsync(RawRespClient client)
        => await InfoFields.ReadAsync(client, "stats", "busy_poll_hits") + await InfoFields.ReadAsync(client, "stats", "busy_poll_misses");

    /// <summary>8 clients, each sending 64 pipelined INCRs of fresh keys a round and checking every reply.</summary>
    internal static Task LoadAsync(int port, int rounds)
    {
        string run = Guid.NewGuid().ToString("N");
        return Task.WhenAll(Enumerable.Range(0, 8).Select(ClientAsync));

        async Task ClientAsync(int id)
        {
            using var socket = await LoopbackSocket.ConnectAsync(port);
            for (int round = 0; round < rounds; round++)
            {
                var requests = new StringBuilder();
                var expected = new StringBuilder();
                for (int i = 0; i < 64; i++)
                {
                    requests.Append(RespCommand.Text("INCR", $"busy:{run}:{id}:{round}"));
                    expected.Append(':').Append(i + 1).Append("\r\n");
                }
                await socket.SendAsync(Encoding.ASCII.GetBytes(requests.ToString()));
                Assert.Equal(expected.ToString(), await LoopbackSocket.ReadAtLeastAsync(socket, expected.Length));
            }
        }
    }
}
