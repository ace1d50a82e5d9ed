using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Malformed framing gets one exact error and a closed connection; a bad command only gets an error.
/// Each case also runs against Redis to prove the expectation.
/// </summary>
public sealed class ProtocolErrorTests
{
    [Theory]
    [InlineData(RespServers.NextCacheKv, "*abc\r\n", "invalid multibulk length")]
    [InlineData(RespServers.Redis, "*abc\r\n", "invalid multibulk length")]
    [InlineData(RespServers.NextCacheKv, "*1\r\n$abc\r\n", "invalid bulk length")]
    [InlineData(RespServers.Redis, "*1\r\n$abc\r\n", "invalid bulk length")]
    [InlineData(RespServers.NextCacheKv, "*1\r\n$-5\r\n", "invalid bulk length")]
    [InlineData(RespServers.Redis, "*1\r\n$-5\r\n", "invalid bulk length")]
    [InlineData(RespServers.NextCacheKv, "*1\r\nxfoo\r\n", "expected '$', got 'x'")]
    [InlineData(RespServers.Redis, "*1\r\nxfoo\r\n", "expected '$', got 'x'")]
    [InlineData(RespServers.NextCacheKv, "SET \"a b\r\n", "unbalanced quotes in request")]
    [InlineData(RespServers.Redis, "SET \"a b\r\n", "unbalanced quotes in request")]
    [InlineData(RespServers.NextCacheKv, "SET k 'it''s'\r\n", "unbalanced quotes in request")]
    [InlineData(RespServers.Redis, "SET k 'it''s'\r\n", "unbalanced quotes in request")]
    public async Task Malformed_request_gets_protocol_error_then_connection_closes(string serverName, string request, string error)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        await client.SendAsync(request + "PING\r\n");

        Assert.Equal($"-ERR Protocol error: {error}\\r\\n", await client.ReadReplyTextAsync());
        Assert.True(await client.IsClosedAsync(), "the connection should close after a protocol error, and PING must not run");
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Commands_before_a_protocol_error_still_run(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("PING\r\n*abc\r\nPING\r\n");

        Assert.Equal("+PONG\\r\\n-ERR Protocol error: invalid multibulk length\\r\\n", RespText.Escape(await client.ReadUntilClosedAsync()));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Unknown_command_replies_error_and_connection_continues(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        Assert.Equal("-ERR unknown command 'FOO', with args beginning with: 'bar' 'baz' \\r\\n", await client.CommandTextAsync("FOO", "bar", "baz"));
        Assert.Equal("-ERR unknown command 'nope', with args beginning with: \\r\\n", await client.CommandTextAsync("nope"));
        Assert.Equal("+PONG\\r\\n", await client.CommandTextAsync("PING"));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Wrong_arity_replies_error_and_connection_continues(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        Assert.Equal("-ERR wrong number of arguments for 'get' command\\r\\n", await client.CommandTextAsync("GET"));
        Assert.Equal("-ERR wrong number of arguments for 'set' command\\r\\n", await client.CommandTextAsync("SET", "k"));
        await client.SendAsync("GET\r\n");
        Assert.Equal("-ERR wrong number of arguments for 'get' command\\r\\n", await client.ReadReplyTextAsync());
        Assert.Equal("+PONG\\r\\n", await client.CommandTextAsync("PING"));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Quit_replies_ok_and_nothing_pipelined_after_it_runs(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using (var client = await server.ConnectAsync())
        {
            await client.SendAsync([.. RespCommand.Encode("QUIT"), .. RespCommand.Encode("SET", "after-quit", "1"), .. RespText.Bytes("PING\r\n")]);

            Assert.Equal("+OK\\r\\n", RespText.Escape(await client.ReadUntilClosedAsync()));
        }

        await using var observer = await server.ConnectAsync();
        Assert.Equal("$-1\\r\\n", await observer.CommandTextAsync("GET", "after-quit"));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Inline_quit_closes_the_connection(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("quit\r\nPING\r\n");

        Assert.Equal("+OK\\r\\n", RespText.Escape(await client.ReadUntilClosedAsync()));
    }
}
