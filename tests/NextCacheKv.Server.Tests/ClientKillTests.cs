using System.Text.RegularExpressions;
using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>CLIENT KILL closes another connection; the victim sees its socket close.</summary>
public sealed class ClientKillTests
{
    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Kill_by_id_closes_that_connection_and_counts_it(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var killer = await server.ConnectAsync();
        await using var victim = await server.ConnectAsync();
        long victimId = Assert.IsType<long>(RespDecoder.Decode(await victim.CommandAsync("CLIENT", "ID")));

        Assert.Equal(":1\\r\\n", await killer.CommandTextAsync("CLIENT", "KILL", "ID", victimId.ToString()));

        Assert.True(await victim.IsClosedAsync(), "the killed connection should be closed by the server");
        Assert.Equal("+PONG\\r\\n", await killer.CommandTextAsync("PING"));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Kill_by_address_closes_that_connection(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var killer = await server.ConnectAsync();
        await using var victim = await server.ConnectAsync();
        var info = Assert.IsType<string>(RespDecoder.Decode(await victim.CommandAsync("CLIENT", "INFO")));
        string address = Regex.Match(info, @" addr=(\S+) ").Groups[1].Value;

        Assert.Equal("+OK\\r\\n", await killer.CommandTextAsync("CLIENT", "KILL", address));

        Assert.True(await victim.IsClosedAsync(), "the killed connection should be closed by the server");
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Kill_of_own_id_is_skipped_by_default(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();
        long id = Assert.IsType<long>(RespDecoder.Decode(await client.CommandAsync("CLIENT", "ID")));

        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("CLIENT", "KILL", "ID", id.ToString()));
        Assert.Equal("+PONG\\r\\n", await client.CommandTextAsync("PING"));
    }

    [Fact]
    public async Task Unknown_targets_and_bad_filters_match_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Command("CLIENT", "KILL", "ID", "999999"),
            Command("CLIENT", "KILL", "ID", "0"),
            Command("CLIENT", "KILL", "ID", "-5"),
            Command("CLIENT", "KILL", "ID", "abc"),
            Command("CLIENT", "KILL", "1.2.3.4:5"),
            Command("CLIENT", "KILL", "ID", "999999", "SKIPME", "maybe"),
            Command("CLIENT", "KILL", "ID", "1", "extra"),
            Command("CLIENT", "KILL", "FOO", "bar"),
            Command("CLIENT", "KILL", "TYPE", "foo"),
            Command("CLIENT", "KILL", "TYPE", "master"),
            Command("CLIENT", "KILL", "TYPE", "replica", "SKIPME", "no"),
            Command("CLIENT", "KILL", "TYPE", "pubsub"),
            Command("CLIENT", "KILL", "USER", "bob"),
            Command("CLIENT", "KILL", "USER", "default", "TYPE", "pubsub"),
            Command("CLIENT", "KILL", "MAXAGE", "5"),
            Command("PING"));
    }

    [Fact]
    public async Task Type_normal_spares_subscribers_and_type_pubsub_takes_only_them()
    {
        await using var server = await TestServer.StartAsync();
        await using var killer = await server.ConnectAsync();
        await using var subscriber = await server.ConnectAsync();
        await using var normal = await server.ConnectAsync();
        await subscriber.CommandAsync("SUBSCRIBE", "news");
        await normal.CommandAsync("PING");

        Assert.Equal(":1\\r\\n", await killer.CommandTextAsync("CLIENT", "KILL", "TYPE", "normal"));
        Assert.True(await normal.IsClosedAsync());
        Assert.Equal(":1\\r\\n", await killer.CommandTextAsync("CLIENT", "KILL", "TYPE", "pubsub", "USER", "default"));
        Assert.True(await subscriber.IsClosedAsync());
        Assert.Equal("+PONG\\r\\n", await killer.CommandTextAsync("PING"));
    }

    [Fact]
    public async Task Kill_without_arguments_is_a_wrong_arity_error_like_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(Command("CLIENT", "KILL"), Command("PING"));
    }
}
