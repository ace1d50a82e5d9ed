using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>maxclients lowered at run time with CONFIG SET refuses new connections with Redis's error, then closes them.</summary>
public sealed class MaxClientsTests
{
    private const string Refused = "-ERR max number of clients reached\\r\\n";

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Connection_beyond_the_limit_is_refused(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var admin = await server.ConnectAsync();
        Assert.Equal("+OK\\r\\n", await admin.CommandTextAsync("CONFIG", "SET", "maxclients", "1"));

        await using var extra = await server.ConnectAsync();

        // The error arrives unasked; the server then closes the connection.
        Assert.Equal(Refused, await extra.ReadReplyTextAsync());
        Assert.True(await extra.IsClosedAsync(), "a refused connection should be closed");
        Assert.Equal("+PONG\\r\\n", await admin.CommandTextAsync("PING"));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Raising_the_limit_again_admits_new_connections(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var admin = await server.ConnectAsync();
        Assert.Equal("+OK\\r\\n", await admin.CommandTextAsync("CONFIG", "SET", "maxclients", "1"));
        await using (var refused = await server.ConnectAsync())
            Assert.Equal(Refused, await refused.ReadReplyTextAsync());

        Assert.Equal("+OK\\r\\n", await admin.CommandTextAsync("CONFIG", "SET", "maxclients", "10"));

        await using var admitted = await server.ConnectAsync();
        Assert.Equal("+PONG\\r\\n", await admitted.CommandTextAsync("PING"));
    }
}
