using NextCacheKv.Server.Tests.Infrastructure;
using StackExchange.Redis;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Collections in a store whose log no longer fits its memory budget: their stub records are pushed to
/// disk by 24 MB of strings, and every collection command must read them back (the synchronous disk read
/// under the key's lock) and find its elements intact; new collections keep working too.
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
}
