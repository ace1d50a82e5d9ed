using NextCacheKv.Server.Tests.PubSub;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Sorted-set writes publish the keyspace events Redis 7.0 publishes, in the same order and only when
/// something changed: both servers' events are read through PSUBSCRIBE and compared.
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
        var transcript = await KeyspaceTranscript.AssertSameAsRedisAsync("Ezg", Commands);

        Assert.Contains(transcript, line => line.Contains("__keyevent@0__:zremrangebylex"));
    }
}
