using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>DBSIZE, FLUSHDB, FLUSHALL and SWAPDB across databases, byte-compared with Redis.</summary>
public sealed class DatabaseAdminTests
{
    [Fact]
    public async Task Dbsize_flush_and_swapdb_match_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Command("DBSIZE"),
            Command("MSET", "a", "1", "b", "2"),
            Command("SELECT", "1"),
            Command("SET", "c", "3"),
            Command("DBSIZE"),
            Command("SWAPDB", "0", "1"),
            Command("DBSIZE"),
            Command("GET", "a"),
            Command("SWAPDB", "1", "1"),
            Command("SELECT", "0"),
            Command("MGET", "a", "c"),
            Command("FLUSHDB"),
            Command("DBSIZE"),
            Command("SELECT", "1"),
            Command("DBSIZE"),
            Command("FLUSHALL"),
            Command("DBSIZE"),
            Command("SET", "d", "4"),
            Command("FLUSHALL", "ASYNC"),
            Command("SET", "e", "5"),
            Command("FLUSHALL", "sync"),
            Command("DBSIZE"),
            Command("GET", "e"));
    }

    [Fact]
    public async Task Bad_arguments_match_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Command("SWAPDB", "0", "16"),
            Command("SWAPDB", "-1", "0"),
            Command("SWAPDB", "a", "1"),
            Command("SWAPDB", "0", "b"),
            Command("SWAPDB", "1.5", "0"),
            Command("FLUSHALL", "X"),
            Command("FLUSHALL", "ASYNC", "SYNC"),
            Command("FLUSHDB", "X"),
            Command("DBSIZE", "x"),
            Command("PING"));
    }
}
