using NextCacheKv.Server.Tests.Infrastructure;
using StackExchange.Redis;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// An 8 MB log budget holding 24 MB of values: most reads and read-modify-writes must fetch records
/// from disk, which goes through the connection loop's pending path without blocking or reordering.
/// </summary>
public sealed class LargerThanMemoryTests : IAsyncLifetime
{
    private const int Keys = 24_000;
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

    private static byte[] ValueOf(int i)
    {
        var value = new byte[1000];
        new Random(i).NextBytes(value);
        return value;
    }

    private async Task WriteAllAsync(IDatabase db)
    {
        for (int start = 0; start < Keys; start += 1000)
            await Task.WhenAll(Enumerable.Range(start, 1000).Select(i => db.StringSetAsync($"k{i}", ValueOf(i))));
    }

    [Fact]
    public async Task Values_evicted_to_disk_read_back_intact_in_order()
    {
        var db = redis.GetDatabase();
        await WriteAllAsync(db);

        for (int start = 0; start < Keys; start += 2000)
        {
            var keys = Enumerable.Range(start, 2000).Select(i => (RedisKey)$"k{i}").ToArray();
            var values = await db.StringGetAsync(keys);
            for (int i = 0; i < keys.Length; i++)
                Assert.True(ValueOf(start + i).AsSpan().SequenceEqual((byte[])values[i]!), $"k{start + i} changed");
        }
        Assert.Equal(Keys, (long)await db.ExecuteAsync("DBSIZE"));
    }

    [Fact]
    public async Task Updates_of_keys_on_disk_see_their_current_value()
    {
        var db = redis.GetDatabase();
        await db.StringSetAsync("counter", 41);
        await db.StringSetAsync("doomed", "x");
        await db.StringSetAsync("grows", "ab");
        await db.StringSetAsync("expiring", "x");
        await WriteAllAsync(db);

        Assert.Equal(42, await db.StringIncrementAsync("counter"));
        Assert.Equal(5, await db.StringAppendAsync("grows", "cde"));
        Assert.True(await db.KeyExpireAsync("expiring", TimeSpan.FromSeconds(100)));
        Assert.True(await db.KeyDeleteAsync("doomed"));

        Assert.Equal("42", (string?)await db.StringGetAsync("counter"));
        Assert.Equal("abcde", (string?)await db.StringGetAsync("grows"));
        Assert.InRange((await db.KeyTimeToLiveAsync("expiring"))!.Value.TotalSeconds, 90, 100);
        Assert.False(await db.KeyExistsAsync("doomed"));
        Assert.Equal(Keys + 3, (long)await db.ExecuteAsync("DBSIZE"));
    }

    [Fact]
    public async Task Scan_and_concurrent_readers_cover_keys_on_disk()
    {
        var db = redis.GetDatabase();
        await WriteAllAsync(db);
        var readers = Enumerable.Range(0, 4).Select(seed => Task.Run(async () =>
        {
            var random = new Random(seed);
            for (int n = 0; n < 500; n++)
            {
                int i = random.Next(Keys);
                byte[] value = (byte[])(await db.StringGetAsync($"k{i}"))!;
                Assert.Equal(ValueOf(i), value);
            }
        }));
        var scanned = new HashSet<string>();
        await foreach (var key in redis.GetServer(redis.GetEndPoints()[0]).KeysAsync(pattern: "*", pageSize: 500))
            scanned.Add(key!);
        await Task.WhenAll(readers);
        Assert.Equal(Keys, scanned.Count);
    }
}
