using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>COMMAND COUNT / INFO / DOCS, which redis-cli and client libraries ask about at start.</summary>
public sealed class CommandIntrospectionTests
{
    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Count_is_a_positive_integer(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        long count = Assert.IsType<long>(RespDecoder.Decode(await client.CommandAsync("COMMAND", "COUNT")));

        Assert.True(count > 0, $"COMMAND COUNT was {count}");
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Info_get_starts_with_its_name_and_arity(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        var reply = await client.CommandAsync("COMMAND", "INFO", "GET");

        Assert.StartsWith("*1\\r\\n*10\\r\\n$3\\r\\nget\\r\\n:2\\r\\n", RespText.Escape(reply));
        var entry = Assert.IsType<List<object?>>(Assert.Single(Assert.IsType<List<object?>>(RespDecoder.Decode(reply))));
        Assert.Equal((object?[])["get", 2L], entry.Take(2));
        Assert.Equal((object?[])[1L, 1L, 1L], entry.Skip(3).Take(3)); // first key, last key, step
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Docs_get_is_an_array_in_resp2_and_a_map_in_resp3(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        var resp2 = RespText.Escape(await client.CommandAsync("COMMAND", "DOCS", "GET"));
        await client.CommandAsync("HELLO", "3");
        var resp3 = RespText.Escape(await client.CommandAsync("COMMAND", "DOCS", "GET"));

        Assert.StartsWith("*2\\r\\n$3\\r\\nget\\r\\n*", resp2);
        Assert.StartsWith("%1\\r\\n$3\\r\\nget\\r\\n%", resp3);
    }

    [Fact]
    public async Task Errors_and_empty_docs_match_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Command("COMMAND", "DOCS", "nosuch"),
            Command("COMMAND", "FOO"),
            Command("COMMAND", "COUNT", "x"),
            Command("PING"));
    }

    [Fact]
    public async Task Info_of_an_unknown_command_is_a_null_like_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(Command("COMMAND", "INFO", "nosuch"), Command("COMMAND", "INFO", "get", "nosuch").TypeOnly());
        await diff.RunAsync(Command("HELLO", "3").TypeOnly(), Command("COMMAND", "INFO", "nosuch"));
    }
}
