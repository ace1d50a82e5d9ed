using System.Collections.Concurrent;
using System.Text;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Sorted-set writes publish the keyspace events Redis 7.0 publishes, in the same order and only when
/// something changed. Redis's events are read from a real redis-server through PSUBSCRIBE; ours are
/// captured at the server's publish hook (the pub/sub broker is not part of this branch).
/// </summary>
public sealed class SortedSetKeyspaceEventTests
{
    private static readonly string[][] Commands =
    [
        ["ZADD", "z", "1", "a", "2", "b", "3", "c"],
        ["ZADD", "z", "1", "a"],
        ["ZADD", "z", "NX", "5", "a"],
        ["ZADD", "z", "XX", "5", "a"],
        ["ZADD", "z", "INCR", "1", "a"],
        ["ZADD", "z", "GT", "INCR", "-1", "a"],
        ["ZINCRBY", "z", "2", "b"],
        ["ZINCRBY", "z", "0", "b"],
        ["ZADD", "z", "NX", "XX", "1", "a"],
        ["ZREM", "z", "nobody"],
        ["ZREM", "z", "a"],
        ["ZADD", "z", "4", "d", "5", "e", "6", "f"],
        ["ZPOPMIN", "z"],
        ["ZPOPMAX", "z", "2"],
        ["ZPOPMIN", "z", "0"],
        ["ZREMRANGEBYSCORE", "z", "100", "200"],
        ["ZREMRANGEBYSCORE", "z", "-inf", "(4"],
        ["ZADD", "z", "7", "g", "8", "h"],
        ["ZREMRANGEBYRANK", "z", "0", "0"],
        ["ZADD", "lex", "0", "a", "0", "b"],
        ["ZREMRANGEBYLEX", "lex", "[a", "[a"],
        ["ZREMRANGEBYLEX", "lex", "-", "+"],
        ["ZREM", "z", "h", "g"],
        ["ZADD", "z", "1", "x"],
        ["ZPOPMAX", "z", "5"],
        ["ZADD", "z", "1", "y"],
        ["ZREMRANGEBYRANK", "z", "0", "-1"],
        ["ZADD", "z", "1", "p", "2", "q"],
        ["ZRANGESTORE", "copy", "z", "0", "-1"],
        ["ZRANGESTORE", "copy", "z", "5", "6"],
        ["ZRANGESTORE", "copy", "z", "5", "6"],
        ["ZADD", "m", "1", "p", "2", "q", "3", "r"],
        ["ZMPOP", "2", "none", "m", "MAX"],
        ["ZMPOP", "1", "m", "MIN", "COUNT", "5"],
        ["ZADD", "s1", "1", "p", "2", "q"],
        ["ZADD", "s2", "1", "q"],
        ["ZUNIONSTORE", "out", "2", "s1", "s2"],
        ["ZINTERSTORE", "out", "2", "s1", "s2"],
        ["ZDIFFSTORE", "out", "2", "s1", "s2"],
        ["ZDIFFSTORE", "out", "2", "s2", "s1"],
        ["ZINTERSTORE", "out", "2", "s1", "none"],
        ["ZADD", "end", "1", "x"],
    ];

    [Fact]
    public async Task Sorted_set_commands_publish_the_events_redis_publishes()
    {
        var redisEvents = await RedisEventsAsync();
        var ourEvents = await OurEventsAsync();

        Assert.Contains("zremrangebylex lex", redisEvents);
        Assert.Equal(redisEvents, ourEvents);
    }

    private static async Task<List<string>> RedisEventsAsync()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var client = await redis.ConnectAsync();
        await using var subscriber = await redis.ConnectAsync();
        await client.CommandAsync("CONFIG", "SET", "notify-keyspace-events", "Ezg");
        await subscriber.CommandAsync("PSUBSCRIBE", "__keyevent@0__:*");
        foreach (var command in Commands) await client.CommandAsync(command);

        var events = new List<string>();
        while (true)
        {
            var message = Assert.IsType<List<object?>>(RespDecoder.Decode(await subscriber.ReadReplyAsync()));
            var channel = Assert.IsType<string>(message[2]);
            var entry = $"{channel["__keyevent@0__:".Length..]} {message[3]}";
            if (entry == "zadd end") return events;
            events.Add(entry);
        }
    }

    private static async Task<List<string>> OurEventsAsync()
    {
        using var directory = new TempDirectory("zset-events");
        var options = new ServerOptions { Bind = "127.0.0.1", Port = 0, CheckpointIntervalSeconds = 3600 };
        options.Store.Directory = directory.Path;
        options.Store.MemoryBytes = 64L * 1024 * 1024;
        options.Store.PageBytes = 4L * 1024 * 1024;
        options.Store.IndexBytes = 1L * 1024 * 1024;
        await using var server = new CacheServer(options, _ => { });
        var published = new ConcurrentQueue<string>();
        server.KeyspaceEvents.Classes = NotifyClasses.Keyevent | NotifyClasses.SortedSet | NotifyClasses.Generic;
        server.KeyspaceEvents.Publish = (channel, message) =>
            published.Enqueue($"{Encoding.UTF8.GetString(channel.Span)["__keyevent@0__:".Length..]} {Encoding.UTF8.GetString(message.Span)}");
        await server.StartAsync();
        await using var client = await RawRespClient.ConnectAsync(server.EndPoint.Port);
        foreach (var command in Commands) await client.CommandAsync(command);

        var events = published.ToList();
        Assert.Equal("zadd end", events[^1]);
        return events[..^1];
    }
}
