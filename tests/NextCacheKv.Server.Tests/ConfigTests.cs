using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>CONFIG GET / SET: name-value pairs, unknown names, and a setting changed at run time.</summary>
public sealed class ConfigTests
{
    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Get_maxmemory_returns_its_name_and_a_number(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        var pair = Assert.IsType<List<object?>>(RespDecoder.Decode(await client.CommandAsync("CONFIG", "GET", "maxmemory")));

        Assert.Equal(2, pair.Count);
        Assert.Equal("maxmemory", pair[0]);
        Assert.Matches(@"^\d+$", Assert.IsType<string>(pair[1]));
    }

    [Fact]
    public async Task Unknown_parameters_and_maxclients_match_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Command("CONFIG", "GET", "xyz"),
            Command("CONFIG", "GET", "no-such-*"),
            Command("CONFIG", "SET", "xyz", "1"),
            Command("CONFIG", "SET", "maxclients", "5"),
            Command("CONFIG", "GET", "maxclients"),
            Command("CONFIG", "SET", "maxclients", "abc"),
            Command("CONFIG", "GET", "maxclients"),
            Command("HELLO", "3").TypeOnly(), // server id and version legitimately differ
            Command("CONFIG", "GET", "maxclients"),
            Command("CONFIG", "GET", "xyz"));
    }

    [Fact]
    public async Task Subcommand_errors_match_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Command("CONFIG"),
            Command("CONFIG", "FOO"),
            Command("CONFIG", "GET"),
            Command("CONFIG", "SET", "maxclients"),
            Command("PING"));
    }

    [Fact]
    public async Task Out_of_range_maxclients_is_refused_like_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(Command("CONFIG", "SET", "maxclients", "0"), Command("CONFIG", "GET", "maxclients"));
    }

    [Fact]
    public async Task Event_loops_busy_polling_and_napping_are_reported_and_fixed_at_start()
    {
        await using var server = await TestServer.StartAsync(options =>
        {
            options.IoThreads = 3;
            options.BusyPollMicroseconds = 7;
            options.NapMicroseconds = 9;
        });
        await using var client = await server.ConnectAsync();

        Assert.Equal("*2\\r\\n$10\\r\\nio-threads\\r\\n$1\\r\\n3\\r\\n", await client.CommandTextAsync("CONFIG", "GET", "io-threads"));
        Assert.Equal("*2\\r\\n$12\\r\\nbusy-poll-us\\r\\n$1\\r\\n7\\r\\n", await client.CommandTextAsync("CONFIG", "GET", "busy-poll-us"));
        Assert.StartsWith("-ERR Unknown option", await client.CommandTextAsync("CONFIG", "SET", "busy-poll-us", "0"));
        Assert.Equal("*2\\r\\n$12\\r\\nbusy-poll-us\\r\\n$1\\r\\n7\\r\\n", await client.CommandTextAsync("CONFIG", "GET", "busy-poll-us"));
        Assert.Equal("*2\\r\\n$6\\r\\nnap-us\\r\\n$1\\r\\n9\\r\\n", await client.CommandTextAsync("CONFIG", "GET", "nap-us"));
        Assert.StartsWith("-ERR Unknown option", await client.CommandTextAsync("CONFIG", "SET", "nap-us", "0"));
    }
}
