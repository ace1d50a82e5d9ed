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

    /// <summary>The runtime's allocation and collection counters, for telling whether a workload allocates.</summary>
    [Fact]
    public async Task Memory_section_reports_the_garbage_collector()
    {
        await using var server = await RespServers.StartAsync(RespServers.NextCacheKv);
        await using var client = await server.ConnectAsync();

        long Field(string info, string name)
        {
            var line = info.Split("\r\n").Single(l => l.StartsWith(name + ":", StringComparison.Ordinal));
            return long.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        }
        var before = Assert.IsType<string>(RespDecoder.Decode(await client.CommandAsync("INFO", "memory")));
        for (int i = 0; i < 50; i++) await client.CommandAsync("SET", $"k{i}", new string('x', 2000));
        var after = Assert.IsType<string>(RespDecoder.Decode(await client.CommandAsync("INFO", "memory")));

        foreach (var name in new[] { "gc_collections_gen0", "gc_collections_gen1", "gc_collections_gen2", "gc_pause_ms_total" })
            Assert.True(Field(after, name) >= Field(before, name), name);
        // INFO builds its reply as a string, so the second INFO alone has allocated since the first.
        Assert.True(Field(after, "gc_allocated_bytes_total") > Field(before, "gc_allocated_bytes_total"));
    }
}
