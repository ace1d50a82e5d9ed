using System.Text;
using NextCacheKv.Server.Tests.Infrastructure;
using NextCacheKv.Server.Transport;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// An epoll loop whose clients are busy between requests naps on a timer after a batch instead of sleeping until a
/// send wakes it; one with a single client, or with napping off, never naps. INFO stats counts the naps (naps,
/// nap_ready_events). What the clients get is the same either way: every other test runs with napping on.
/// </summary>
public sealed class BatchNapTests
{
    [Fact]
    public async Task Clients_busy_between_requests_make_the_loop_nap_and_every_reply_arrives()
    {
        await using var server = await StartAsync(napMicroseconds: 20);
        await using var observer = await server.ConnectAsync();

        Assert.True(await LoadUntilNappedAsync(server.Port, observer) > 0, "24 clients pausing between requests never made the loop nap");
        // Requests that arrive during a nap are found when it ends, counted, and answered (every reply is checked).
        Assert.True(await LoadUntil.CountedAsync(() => PausingClientsAsync(server.Port, requests: 30), () => InfoFields.ReadAsync(observer, "stats", "nap_ready_events")) > 0,
            "no nap ever ended with a request waiting");
    }

    [Fact]
    public async Task Napping_off_never_naps()
    {
        await using var server = await StartAsync(napMicroseconds: 0);
        await using var observer = await server.ConnectAsync();

        await PausingClientsAsync(server.Port, requests: 60);

        Assert.Equal(0, await NapsAsync(observer));
    }

    [Fact]
    public async Task A_single_client_never_makes_the_loop_nap()
    {
        await using var server = await StartAsync(napMicroseconds: 20);
        await using var client = await server.ConnectAsync();

        for (int i = 0; i < 2000; i++)
            Assert.Equal($":{i + 1}\r\n", Encoding.ASCII.GetString(await client.CommandAsync("INCR", "nap:single")));

        Assert.Equal(0, await NapsAsync(client));
    }

    private static Task<TestServer> StartAsync(int napMicroseconds)
        => TestServer.StartWithLoopsAsync(IoEngine.Epoll, ioThreads: 1, options => options.NapMicroseconds = napMicroseconds);

    /// <summary>Loads the server with pausing clients until its loop naps (at most 15 s); the naps counted, 0 if it never did.</summary>
    internal static Task<long> LoadUntilNappedAsync(int port, RawRespClient observer)
        => LoadUntil.CountedAsync(() => PausingClientsAsync(port, requests: 30), () => NapsAsync(observer));

    internal static Task<long> NapsAsync(RawRespClient client) => InfoFields.ReadAsync(client, "stats", "naps");

    /// <summary>
    /// 24 clients, each sending INCRs of its own key one at a time with a millisecond's pause after each reply, as
    /// clients do that have work of their own between requests, and checking every reply.
    /// </summary>
    internal static Task PausingClientsAsync(int port, int requests)
    {
        string run = Guid.NewGuid().ToString("N");
        return Task.WhenAll(Enumerable.Range(0, 24).Select(ClientAsync));

        async Task ClientAsync(int id)
        {
            using var socket = await LoopbackSocket.ConnectAsync(port);
            for (int i = 0; i < requests; i++)
            {
                await socket.SendAsync(Encoding.ASCII.GetBytes(RespCommand.Text("INCR", $"nap:{run}:{id}")));
                string expected = $":{i + 1}\r\n";
                Assert.Equal(expected, await LoopbackSocket.ReadAtLeastAsync(socket, expected.Length));
                await Task.Delay(1);
            }
        }
    }
}
