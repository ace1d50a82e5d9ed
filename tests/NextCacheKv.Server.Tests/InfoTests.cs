using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>INFO: the fields monitoring tools and clients read, and the keyspace line byte for byte.</summary>
public sealed class InfoTests
{
    [Theory]
    [InlineData(RespServers.NextCacheKv, "INFO")]
    [InlineData(RespServers.NextCacheKv, "INFO default")]
    [InlineData(RespServers.Redis, "INFO")]
    [InlineData(RespServers.Redis, "INFO default")]
    public async Task Default_sections_hold_the_common_fields(string serverName, string command)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        var info = Assert.IsType<string>(RespDecoder.Decode(await client.CommandAsync(command.Split(' '))));

        Assert.Contains("\r\nredis_version:", info);
        Assert.Contains("\r\nloading:0\r\n", info);
        Assert.Contains("\r\nconnected_clients:", info);
        Assert.Contains("# Keyspace\r\n", info);
    }

    [Fact]
    public async Task Keyspace_section_matches_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Command("INFO", "keyspace"),
            Command("SET", "a", "1"),
            Command("INFO", "keyspace"),
            Command("SELECT", "2"),
            Command("MSET", "b", "1", "c", "2"),
            Command("INFO", "KEYSPACE"),
            Command("FLUSHDB"),
            Command("INFO", "keyspace"));
    }
}
