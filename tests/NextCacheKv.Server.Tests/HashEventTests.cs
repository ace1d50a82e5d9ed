using System.Collections.Concurrent;
using System.Text;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Hash commands publish Redis's keyspace events ("hset", "hdel", "hincrby", "hincrbyfloat", and "del"
/// when HDEL empties the hash) only when they change something, and invalidate WATCH the same way.
/// </summary>
public sealed class HashEventTests : IAsyncLifetime
{
    private readonly TempDirectory dataDirectory = new("hash-events");
    private readonly ConcurrentQueue<string> published = new();
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
        server.KeyspaceEvents.Classes = NotifyClasses.Keyspace | NotifyClasses.Keyevent | NotifyClasses.Hash | NotifyClasses.Generic;
        server.KeyspaceEvents.Publish = (channel, message) =>
            published.Enqueue($"{Encoding.Latin1.GetString(channel.Span)} {Encoding.Latin1.GetString(message.Span)}");
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        dataDirectory.Dispose();
    }

    [Fact]
    public async Task Each_change_publishes_its_event_and_no_op_commands_publish_nothing()
    {
        await using var client = await RawRespClient.ConnectAsync(server.EndPoint.Port);
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
        foreach (var command in commands) await client.CommandAsync(command);

        string[] events = [.. published.Where(line => line.StartsWith("__keyevent", StringComparison.Ordinal))];
        Assert.Equal(
            [
                "__keyevent@0__:hset h",
                "__keyevent@0__:hset h",
                "__keyevent@0__:hset h",
                "__keyevent@0__:hincrby h",
                "__keyevent@0__:hincrbyfloat h",
                "__keyevent@0__:hset h",
                "__keyevent@0__:hdel h",
                "__keyevent@0__:hdel h",
                "__keyevent@0__:del h",
            ],
            events);
        Assert.Contains("__keyspace@0__:h hincrby", published);
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
