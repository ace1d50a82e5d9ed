using NextCacheKv.Server.Tests.Infrastructure;
using StackExchange.Redis;

namespace NextCacheKv.Server.Tests;

/// <summary>The most used .NET client must connect, handshake and run common operations.</summary>
public sealed class StackExchangeRedisTests : IAsyncLifetime
{
    private TestServer server = null!;
    private ConnectionMultiplexer connection = null!;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync();
        // Bounded timeouts, no retries: a missing handshake reply must fail fast, not hang.
        connection = await ConnectionMultiplexer.ConnectAsync(
            $"127.0.0.1:{server.Port},allowAdmin=true,abortConnect=true,connectTimeout=5000,syncTimeout=5000,asyncTimeout=5000,connectRetry=0");
    }

    public async Task DisposeAsync()
    {
        if (connection is not null)
            await connection.DisposeAsync();
        if (server is not null)
            await server.DisposeAsync();
    }

    private IDatabase Db => connection.GetDatabase();

    [Fact]
    public async Task String_set_and_get()
    {
        Assert.True(await Db.StringSetAsync("greeting", "héllo wörld"));
        Assert.Equal("héllo wörld", (string?)await Db.StringGetAsync("greeting"));
        Assert.True((await Db.StringGetAsync("missing")).IsNull);
    }

    [Fact]
    public async Task Binary_values_round_trip()
    {
        byte[] value = [.. Enumerable.Range(0, 256).Select(i => (byte)i)];
        RedisKey key = new byte[] { 0, 13, 10, 255 };

        Assert.True(await Db.StringSetAsync(key, value));

        Assert.Equal(value, (byte[]?)await Db.StringGetAsync(key));
    }

    [Fact]
    public async Task Expiry_is_set_and_reported()
    {
        Assert.True(await Db.StringSetAsync("session", "x", TimeSpan.FromSeconds(100)));
        var ttl = await Db.KeyTimeToLiveAsync("session");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(95), TimeSpan.FromSeconds(100));

        Assert.True(await Db.KeyPersistAsync("session"));
        Assert.Null(await Db.KeyTimeToLiveAsync("session"));

        Assert.True(await Db.KeyExpireAsync("session", TimeSpan.FromMilliseconds(1)));
        await Task.Delay(50);
        Assert.False(await Db.KeyExistsAsync("session"));
    }

    [Fact]
    public async Task Key_delete_reports_whether_it_removed()
    {
        await Db.StringSetAsync("doomed", "1");

        Assert.True(await Db.KeyDeleteAsync("doomed"));
        Assert.False(await Db.KeyDeleteAsync("doomed"));
        Assert.Equal(0, await Db.KeyDeleteAsync(["a", "b"]));
    }

    [Fact]
    public async Task Counters_increment()
    {
        Assert.Equal(1, await Db.StringIncrementAsync("hits"));
        Assert.Equal(11, await Db.StringIncrementAsync("hits", 10));
        Assert.Equal(12.5, await Db.StringIncrementAsync("hits", 1.5));
    }

    [Fact]
    public async Task Batch_of_one_thousand_operations_is_pipelined()
    {
        var batch = Db.CreateBatch();
        var sets = Enumerable.Range(0, 500).Select(i => batch.StringSetAsync($"batch:{i}", i)).ToList();
        var increments = Enumerable.Range(0, 500).Select(_ => batch.StringIncrementAsync("batch:counter")).ToList();
        batch.Execute();

        Assert.All(await Task.WhenAll(sets), Assert.True);
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), await Task.WhenAll(increments));
        Assert.Equal("499", (string?)await Db.StringGetAsync("batch:499"));
    }

    [Fact]
    public async Task Other_databases_are_separate()
    {
        await connection.GetDatabase(3).StringSetAsync("where", "three");

        Assert.Equal("three", (string?)await connection.GetDatabase(3).StringGetAsync("where"));
        Assert.True((await Db.StringGetAsync("where")).IsNull);
    }

    [Fact]
    public async Task Info_through_execute_reports_a_redis_version()
    {
        var info = (string?)await Db.ExecuteAsync("INFO");

        Assert.NotNull(info);
        Assert.Contains("redis_version:", info);
    }

    [Fact]
    public async Task Server_api_reports_version_and_database_size()
    {
        var serverApi = connection.GetServer(connection.GetEndPoints().Single());
        await Db.StringSetAsync("one", "1");

        Assert.True(serverApi.Version >= new Version(6, 0));
        Assert.Equal(1, await serverApi.DatabaseSizeAsync());
        Assert.Contains("one", serverApi.Keys(pattern: "*").Select(key => (string?)key));
    }
}
