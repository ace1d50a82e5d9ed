using NextCacheKv.Server.Tests.Infrastructure;
using StackExchange.Redis;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Collections in a store that does not fit in memory: stub records pushed to disk by 24 MB of strings
/// (read back synchronously under the key's lock), and collections beyond their own 1 MB budget evicted
/// to images in the log and read back when used.
/// </summary>
public sealed class CollectionsBeyondMemoryTests : IAsyncLifetime
{
    private const int Collections = 200;
    private TestServer server = null!;
    private ConnectionMultiplexer redis = null!;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync(options =>
        {
            options.Store.MemoryBytes = 8L << 20;
            options.Store.PageBytes = 1L << 20;
            options.Store.IndexBytes = 1L << 20;
            options.Store.CollectionMemoryBytes = 1L << 20;
        });
        redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port},allowAdmin=true,syncTimeout=20000,asyncTimeout=20000");
    }

    public async Task DisposeAsync()
    {
        await redis.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Collections_whose_keys_were_evicted_to_disk_still_work()
    {
        var db = redis.GetDatabase();
        for (int i = 0; i < Collections; i++)
        {
            await db.HashSetAsync($"h{i}", [new HashEntry("field", $"v{i}"), new HashEntry("n", i)]);
            await db.ListRightPushAsync($"l{i}", [$"a{i}", $"b{i}"]);
            await db.SetAddAsync($"s{i}", [$"m{i}", "shared"]);
            await db.SortedSetAddAsync($"z{i}", [new SortedSetEntry("low", i), new SortedSetEntry("high", i + 1000)]);
        }
        var filler = new byte[1000];
        for (int start = 0; start < 24_000; start += 1000)
            await Task.WhenAll(Enumerable.Range(start, 1000).Select(i => db.StringSetAsync($"filler{i}", filler)));

        for (int i = 0; i < Collections; i++)
        {
            Assert.Equal($"v{i}", (string?)await db.HashGetAsync($"h{i}", "field"));
            Assert.Equal(i + 1, await db.HashIncrementAsync($"h{i}", "n"));
            Assert.Equal($"a{i}", (string?)await db.ListLeftPopAsync($"l{i}"));
            Assert.True(await db.SetContainsAsync($"s{i}", "shared"));
            Assert.Equal(1, await db.SortedSetRankAsync($"z{i}", "high"));
            Assert.Equal("hash", (await db.KeyTypeAsync($"h{i}")).ToString().ToLowerInvariant());
        }
        Assert.True(await db.HashSetAsync("new-after-eviction", "f", "v"));
        Assert.Equal(24_000 + 4 * Collections + 1, (long)await db.ExecuteAsync("DBSIZE"));
    }

    [Fact]
    public async Task Collections_beyond_their_memory_budget_go_to_disk_and_come_back()
    {
        var db = redis.GetDatabase();
        var fields = Enumerable.Range(0, 500).Select(f => new HashEntry($"f{f}", $"value-{f}-".PadRight(60, 'x'))).ToArray();
        for (int i = 0; i < Collections; i++) await db.HashSetAsync($"big{i}", fields);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (OnDisk(await db.ExecuteAsync("INFO", "memory")) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no collection was evicted within 20 s");
            await Task.Delay(100);
        }

        for (int i = 0; i < Collections; i++)
        {
            Assert.Equal(500, await db.HashLengthAsync($"big{i}"));
            Assert.Equal("value-499-".PadRight(60, 'x'), (string?)await db.HashGetAsync($"big{i}", "f499"));
        }
    }

    private static long OnDisk(RedisResult info)
    {
        var line = info.ToString().Split("\r\n").Single(l => l.StartsWith("collections_on_disk:", StringComparison.Ordinal));
        return long.Parse(line["collections_on_disk:".Length..]);
    }
}
