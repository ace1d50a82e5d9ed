using System.Net.Sockets;
using System.Text;
using NextCacheKv.Server.Tests.Infrastructure;
using NextCacheKv.Server.Transport;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Both socket transports over real loopback sockets: the paths a small request never takes (a reply
/// larger than one buffer, input the connection cannot keep up with, a client that stops reading, a
/// close right after a reply) must work the same on each.
/// </summary>
public sealed class TransportTests
{
    public static TheoryData<IoEngine> Engines()
    {
        var engines = new TheoryData<IoEngine> { IoEngine.Sockets };
        if (ServerOptions.EpollSupported) engines.Add(IoEngine.Epoll);
        return engines;
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_value_of_several_buffers_round_trips(IoEngine engine)
    {
        await using var server = await TestServer.StartWithLoopsAsync(engine, ioThreads: 2);
        await using var client = await server.ConnectAsync();
        string value = string.Concat(Enumerable.Range(0, 300_000).Select(i => (char)('a' + i % 26)));

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "big", value));
        var reply = await client.CommandAsync("GET", "big");

        Assert.Equal($"${value.Length}\r\n{value}\r\n", Encoding.ASCII.GetString(reply));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_pipeline_larger_than_the_input_buffer_is_answered_whole_and_in_order(IoEngine engine)
    {
        await using var server = await TestServer.StartWithLoopsAsync(engine, ioThreads: 2);
        using var socket = await LoopbackSocket.ConnectAsync(server.Port);
        const int Count = 60_000;
        var requests = new StringBuilder();
        for (int i = 0; i < Count; i++) requests.Append("*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n");
        // Well over the input pipe's pause threshold: reading must stop and resume without losing a byte.
        byte[] bytes = Encoding.ASCII.GetBytes(requests.ToString());
        Assert.True(bytes.Length > 1024 * 1024);

        var sending = Task.Run(() => socket.Send(bytes));
        string replies = await LoopbackSocket.ReadAtLeastAsync(socket, ExpectedCounterReplies(Count).Length);
        await sending;

        Assert.Equal(ExpectedCounterReplies(Count), replies);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_client_that_stops_reading_holds_back_only_itself_and_gets_everything_later(IoEngine engine)
    {
        await using var server = await TestServer.StartWithLoopsAsync(engine, ioThreads: 2);
        await using var control = await server.ConnectAsync();
        string value = new('v', 512 * 1024);
        await control.CommandAsync("SET", "big", value);
        using var lazy = await LoopbackSocket.ConnectAsync(server.Port);
        lazy.ReceiveBufferSize = 64 * 1024;
        const int Gets = 24;
        // 12 MB of replies: far more than the kernel buffers, so the server's send must wait for the client.
        lazy.Send(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n", Gets))));
        await Task.Delay(300);

        Assert.Equal("+PONG\\r\\n", await control.CommandTextAsync("PING"));
        Assert.Equal("+OK\\r\\n", await control.CommandTextAsync("SET", "other", "x"));

        string expected = string.Concat(Enumerable.Repeat($"${value.Length}\r\n{value}\r\n", Gets));
        Assert.Equal(expected, await LoopbackSocket.ReadAtLeastAsync(lazy, expected.Length));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_replies_before_quit_arrive_before_the_close(IoEngine engine)
    {
        await using var server = await TestServer.StartWithLoopsAsync(engine, ioThreads: 2);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("SET k v\r\nGET k\r\nQUIT\r\nGET k\r\n");

        Assert.Equal("+OK\r\n$1\r\nv\r\n+OK\r\n", Encoding.ASCII.GetString(await client.ReadUntilClosedAsync()));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Requests_that_arrive_with_the_close_while_the_loop_is_busy_still_run_and_are_answered(IoEngine engine)
    {
        await using var server = await TestServer.StartWithLoopsAsync(engine, ioThreads: 1);
        using var socket = await LoopbackSocket.ConnectAsync(server.Port);
        await using var busy = await server.ConnectAsync();
        Assert.Equal(":1\\r\\n", await busy.CommandTextAsync("EVAL", "return 1", "0"));
        // Three buffers' worth of SETs: the loop takes them in several reads of one wake-up.
        var requests = new StringBuilder();
        int count = 0;
        for (; requests.Length < 3 * 16384; count++) requests.Append($"*3\r\n$3\r\nSET\r\n$6\r\nk{count:D5}\r\n$3\r\nabc\r\n");

        // A script keeps the only loop busy meanwhile, so the requests and the close are all waiting when it next reads.
        await busy.SendAsync(RespCommand.Encode("EVAL", "local i = 0 while i < 5000000 do i = i + 1 end return i", "0"));
        await Task.Delay(50);
        socket.Send(Encoding.ASCII.GetBytes(requests.ToString()));
        socket.Shutdown(SocketShutdown.Send);
        Assert.Equal(":5000000\r\n", Encoding.ASCII.GetString(await busy.ReadReplyAsync()));

        Assert.Equal(string.Concat(Enumerable.Repeat("+OK\r\n", count)), await LoopbackSocket.ReadAtLeastAsync(socket, count * 5 + 1));
        Assert.Equal($":{count}\\r\\n", await busy.CommandTextAsync("DBSIZE"));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_killed_client_that_does_not_read_is_disconnected(IoEngine engine)
    {
        await using var server = await TestServer.StartWithLoopsAsync(engine, ioThreads: 2);
        await using var control = await server.ConnectAsync();
        await control.CommandAsync("SET", "big", new string('v', 512 * 1024));
        using var lazy = await LoopbackSocket.ConnectAsync(server.Port);
        lazy.ReceiveBufferSize = 64 * 1024;
        lazy.Send(Encoding.ASCII.GetBytes("CLIENT SETNAME lazy\r\n" + string.Concat(Enumerable.Repeat("GET big\r\n", 24))));
        await Task.Delay(300);

        Assert.Equal(":1\\r\\n", await control.CommandTextAsync("CLIENT", "KILL", "SKIPME", "yes", "TYPE", "normal"));

        await InfoFields.WaitForConnectedClientsAsync(control, 1, "the killed client's connection was never closed");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_client_that_leaves_while_an_endless_reply_streams_is_let_go(IoEngine engine)
    {
        await using var server = await TestServer.StartWithLoopsAsync(engine, ioThreads: 2);
        await using var control = await server.ConnectAsync();
        await control.CommandAsync("SADD", "s", "a", "b");
        for (int attempt = 0; attempt < 3; attempt++)
        {
            using (var greedy = await LoopbackSocket.ConnectAsync(server.Port))
            {
                greedy.ReceiveBufferSize = 64 * 1024;
                greedy.Send(Encoding.ASCII.GetBytes("SRANDMEMBER s -9223372036854775807\r\n"));
                // The reply has started (and soon fills every buffer on the way): now leave with it unread.
                Assert.StartsWith("*9223372036854775807\r\n", await LoopbackSocket.ReadAtLeastAsync(greedy, 64));
                await Task.Delay(100 * attempt);
            }

            await InfoFields.WaitForConnectedClientsAsync(control, 1, $"the greedy client's connection was never released (attempt {attempt})");
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Many_clients_at_once_each_get_their_own_replies(IoEngine engine)
    {
        await using var server = await TestServer.StartWithLoopsAsync(engine, ioThreads: 3);
        const int Clients = 60, Increments = 200;

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async id =>
        {
            await using var client = await server.ConnectAsync();
            for (int i = 1; i <= Increments; i++)
                Assert.Equal($":{i}\\r\\n", await client.CommandTextAsync("INCR", $"counter:{id}"));
        }));

        await using var check = await server.ConnectAsync();
        Assert.Equal($":{Clients}\\r\\n", await check.CommandTextAsync("DBSIZE"));
    }

    private static string ExpectedCounterReplies(int count)
    {
        var expected = new StringBuilder();
        for (int i = 1; i <= count; i++) expected.Append(':').Append(i).Append("\r\n");
        return expected.ToString();
    }
}
