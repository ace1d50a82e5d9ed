using NextCacheKv.Server.Tests.Infrastructure;
using NextCacheKv.Server.Tests.PubSub;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Hash commands publish Redis's keyspace events ("hset", "hdel", "hincrby", "hincrbyfloat", and "del"
/// when HDEL empties the hash) only when they change something (compared with redis-server through PSUBSCRIBE), and invalidate WATCH the same way.
/// </summary>
public sealed class HashEventTests : IAsyncLifetime
{
    private readonly TempDirectory dataDirectory = new("hash-events");
    private CacheServer server = null!;

    public async Task InitializeAsync()
    {
        var options = new ServerOptions { Bind = "127.0.0.1", Port = 0, CheckpointIntervalSeconds = 3600 };
        options.Store.Directory = dataDirectory.Path;
        options.Store.MemoryBytes = 64L * 1024 * 1024;
        options.Store.PageBytes = 4L * 1024 * 1024;
        options.Store.IndexBytes = 1L * 1024 * 1024;
        server = new CacheServer(options);
        await server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        dataDirectory.Dispose();
    }

    [Fact]
    public async Task Each_change_publishes_its_event_and_no_op_commands_publish_nothing()
    {
        string[][] commands =
        [
            ["HSET", "h", "a", "1"],
            ["HSETNX", "h", "a", "2"],
            ["HSETNX", "h", "b", "2"],
            ["HMSET", "h", "c", "3"],
            ["HINCRBY", "h", "n", "5"],
            ["HINCRBYFLOAT", "h", "x", "1.5"],
            ["HSET", "h", "s", "abc"],
            ["HINCRBY", "h", "s", "1"],
            ["HINCRBYFLOAT", "h", "s", "1"],
            ["HINCRBY", "h", "n", "9223372036854775807"],
            ["HGET", "h", "a"],
            ["HGETALL", "h"],
            ["HDEL", "h", "missing"],
            ["HDEL", "h", "a", "b"],
            ["HDEL", "h", "c", "n", "x", "s"],
            ["HDEL", "h", "c"],
        ];
        var transcript = await KeyspaceTranscript.AssertSameAsRedisAsync("KEA", commands);

        Assert.Contains(transcript, line => line.Contains("__keyevent@0__:hincrbyfloat"));
        Assert.Contains(transcript, line => line.Contains("__keyevent@0__:del"));
    }

    [Fact]
    public async Task A_hash_change_fails_a_watching_transaction_and_a_no_op_does_not()
    {
        await using var watcher = await RawRespClient.ConnectAsync(server.EndPoint.Port);
        await using var writer = await RawRespClient.ConnectAsync(server.EndPoint.Port);
        await writer.CommandAsync("HSET", "h", "a", "1");

        await watcher.CommandAsync("WATCH", "h");
        await writer.CommandAsync("HDEL", "h", "missing");
        await writer.CommandAsync("HSETNX", "h", "a", "2");
        await watcher.CommandAsync("MULTI");
        await watcher.CommandAsync("HGET", "h", "a");
        Assert.Equal("*1\\r\\n$1\\r\\n1\\r\\n", await watcher.CommandTextAsync("EXEC"));

        await watcher.CommandAsync("WATCH", "h");
        await writer.CommandAsync("HINCRBY", "h", "a", "1");
        await watcher.CommandAsync("MULTI");
        await watcher.CommandAsync("HGET", "h", "a");
        Assert.Equal("*-1\\r\\n", await watcher.CommandTextAsync("EXEC"));
    }
}
