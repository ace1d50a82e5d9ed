using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>Configured request limits are enforced the way Redis enforces its own, then the server keeps serving others.</summary>
public sealed class ProtocolLimitTests
{
    [Fact]
    public async Task Bulk_longer_than_max_bulk_length_is_a_protocol_error()
    {
        await using var server = await TestServer.StartAsync(options => options.Limits.MaxBulkLength = 16);
        await using var client = await server.ConnectAsync();

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "k", new string('x', 16)));
        await client.SendAsync(RespCommand.Encode("SET", "k", new string('x', 17)));

        Assert.Equal("-ERR Protocol error: invalid bulk length\\r\\n", await client.ReadReplyTextAsync());
        Assert.True(await client.IsClosedAsync());
        await AssertServerStillServes(server);
    }

    [Fact]
    public async Task More_arguments_than_max_arguments_is_a_protocol_error()
    {
        await using var server = await TestServer.StartAsync(options => options.Limits.MaxArguments = 4);
        await using var client = await server.ConnectAsync();

        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("DEL", "a", "b", "c"));
        await client.SendAsync(RespCommand.Encode("DEL", "a", "b", "c", "d"));

        Assert.Equal("-ERR Protocol error: invalid multibulk length\\r\\n", await client.ReadReplyTextAsync());
        Assert.True(await client.IsClosedAsync());
        await AssertServerStillServes(server);
    }

    [Fact]
    public async Task Inline_request_with_more_arguments_than_max_arguments_is_refused()
    {
        await using var server = await TestServer.StartAsync(options => options.Limits.MaxArguments = 4);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("DEL a b c d\r\n");

        Assert.StartsWith("-ERR Protocol error", await client.ReadReplyTextAsync());
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Inline_line_longer_than_max_inline_length_is_too_big()
    {
        await using var server = await TestServer.StartAsync(options => options.Limits.MaxInlineLength = 64);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("PING " + new string('x', 100)); // no line end yet: the server must not wait forever

        Assert.Equal("-ERR Protocol error: too big inline request\\r\\n", await client.ReadReplyTextAsync());
        Assert.True(await client.IsClosedAsync());
        await AssertServerStillServes(server);
    }

    [Fact]
    public async Task Multibulk_count_line_longer_than_max_inline_length_is_too_big()
    {
        await using var server = await TestServer.StartAsync(options => options.Limits.MaxInlineLength = 64);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("*" + new string('1', 100));

        Assert.Equal("-ERR Protocol error: too big mbulk count string\\r\\n", await client.ReadReplyTextAsync());
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Request_larger_than_query_buffer_limit_closes_the_connection()
    {
        await using var server = await TestServer.StartAsync(options => options.Limits.QueryBufferLimit = 1024);
        await using var client = await server.ConnectAsync();

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "small", new string('x', 100)));
        await client.SendAsync(RespCommand.Encode("SET", "big", new string('x', 4000)));

        // Redis closes silently; NextCacheKv may send an error first. Either way nothing is stored.
        var rest = RespText.Escape(await client.ReadUntilClosedAsync());
        Assert.True(rest.Length == 0 || rest.StartsWith("-ERR"), $"unexpected reply before close: {rest}");
        await using var observer = await server.ConnectAsync();
        Assert.Equal(":0\\r\\n", await observer.CommandTextAsync("EXISTS", "big"));
    }

    [Fact]
    public async Task Connections_beyond_max_clients_are_refused_with_an_error()
    {
        await using var server = await TestServer.StartAsync(options => options.MaxClients = 2);
        await using var first = await server.ConnectAsync();
        await using var second = await server.ConnectAsync();
        Assert.Equal("+PONG\\r\\n", await first.CommandTextAsync("PING"));
        Assert.Equal("+PONG\\r\\n", await second.CommandTextAsync("PING"));

        await using (var third = await server.ConnectAsync())
        {
            Assert.Equal("-ERR max number of clients reached\\r\\n", await third.ReadReplyTextAsync());
            Assert.True(await third.IsClosedAsync());
        }

        await first.DisposeAsync();
        await AssertEventuallyAccepted(server);
    }

    private static async Task AssertServerStillServes(TestServer server)
    {
        await using var client = await server.ConnectAsync();
        Assert.Equal("+PONG\\r\\n", await client.CommandTextAsync("PING"));
    }

    // The server notices a closed connection asynchronously, so a freed slot may take a moment to reopen.
    private static async Task AssertEventuallyAccepted(TestServer server)
    {
        string last = "";
        for (int attempt = 0; attempt < 50; attempt++)
        {
            await using var client = await server.ConnectAsync();
            last = await client.CommandTextAsync("PING");
            if (last == "+PONG\\r\\n")
                return;
            await Task.Delay(100);
        }
        Assert.Fail($"a freed client slot was never reused; last reply: {last}");
    }
}
