using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>The stock redis-cli must work against the server: its output is what users see first.</summary>
public sealed class RedisCliTests : IAsyncLifetime
{
    private TestServer server = null!;

    public async Task InitializeAsync() => server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (server is not null)
            await server.DisposeAsync();
    }

    [Fact]
    public async Task Set_then_get_prints_ok_and_the_value()
    {
        var set = await RedisCli.RunAsync(server.Port, "SET", "a", "b");
        var get = await RedisCli.RunAsync(server.Port, "GET", "a");

        Assert.Equal((0, "OK\n"), (set.ExitCode, set.Output));
        Assert.Equal((0, "b\n"), (get.ExitCode, get.Output));
    }

    [Fact]
    public async Task Missing_key_and_integer_replies_print_like_redis()
    {
        var missing = await RedisCli.RunAsync(server.Port, "GET", "nothing");
        var incr = await RedisCli.RunAsync(server.Port, "INCR", "n");
        var mget = await RedisCli.RunAsync(server.Port, "MGET", "n", "nothing");

        // Without a terminal redis-cli prints raw values: nil as an empty line.
        Assert.Equal("\n", missing.Output);
        Assert.Equal("1\n", incr.Output);
        Assert.Equal("1\n\n", mget.Output);
    }

    [Fact]
    public async Task Error_reply_is_printed()
    {
        var result = await RedisCli.RunAsync(server.Port, "NOSUCHCOMMAND", "x");

        Assert.Contains("ERR unknown command 'NOSUCHCOMMAND'", result.Output + result.Error);
    }

    [Fact]
    public async Task Info_server_contains_redis_version()
    {
        var result = await RedisCli.RunAsync(server.Port, "INFO", "server");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("redis_version:", result.Output);
        Assert.Contains("# Server", result.Output);
    }

    [Fact]
    public async Task Ping_succeeds()
    {
        var result = await RedisCli.RunAsync(server.Port, "PING");

        Assert.Equal((0, "PONG\n"), (result.ExitCode, result.Output));
    }
}
