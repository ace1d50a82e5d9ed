using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Periodic checkpoints run only when <c>rdb_changes_since_last_save</c> is above zero, so a write that does not
/// count would be lost to a crash however long after it came (the documented loss is the last interval). Every
/// kind of write, of every type, must count.
/// </summary>
public sealed class ChangeCountingTests
{
    private static readonly string[][] Setup =
    [
        ["FLUSHALL"], ["SET", "s", "10"], ["SET", "str", "hello"], ["SET", "ttl", "v", "EX", "100"], ["HSET", "h", "f", "v", "f2", "v2"],
        ["RPUSH", "l", "a", "b", "c"], ["SADD", "st", "a", "b", "c"], ["SADD", "st2", "b"], ["ZADD", "z", "1", "a", "2", "b"],
    ];

    private static readonly string[][] Writes =
    [
        ["SET", "k", "v"], ["SETNX", "n", "v"], ["SETEX", "k", "100", "v"], ["MSET", "a", "1", "b", "2"], ["MSETNX", "q1", "1", "q2", "2"],
        ["INCR", "s"], ["DECRBY", "s", "2"], ["INCRBYFLOAT", "s", "1.5"], ["APPEND", "str", "x"], ["SETRANGE", "str", "0", "J"],
        ["GETDEL", "str"], ["GETEX", "str", "EX", "100"], ["EXPIRE", "str", "100"], ["PEXPIRE", "h", "100000"], ["PERSIST", "ttl"],
        ["DEL", "str"], ["UNLINK", "h"], ["RENAME", "str", "str2"], ["COPY", "l", "l2"], ["MOVE", "z", "3"], ["FLUSHDB"], ["SWAPDB", "0", "1"],
        ["HSET", "h", "f", "v9"], ["HDEL", "h", "f"], ["HINCRBY", "h", "n", "1"], ["HINCRBYFLOAT", "h", "x", "1.5"], ["HSETNX", "h", "f3", "v"],
        ["LPUSH", "l", "z"], ["RPUSHX", "l", "z"], ["RPOP", "l"], ["LPOP", "l", "3"], ["LSET", "l", "0", "q"], ["LTRIM", "l", "0", "1"],
        ["LINSERT", "l", "BEFORE", "a", "y"], ["LREM", "l", "1", "a"], ["LMOVE", "l", "l2", "LEFT", "RIGHT"], ["RPOPLPUSH", "l", "l3"],
        ["SADD", "st", "d"], ["SREM", "st", "a"], ["SPOP", "st"], ["SMOVE", "st", "st2", "a"], ["SINTERSTORE", "d", "st", "st2"],
        ["SUNIONSTORE", "d", "st", "st2"], ["SDIFFSTORE", "d", "st", "st2"],
        ["ZADD", "z", "3", "c"], ["ZREM", "z", "a"], ["ZINCRBY", "z", "5", "a"], ["ZPOPMIN", "z"], ["ZRANGESTORE", "d", "z", "0", "-1"],
        ["ZUNIONSTORE", "d", "1", "z"], ["ZREMRANGEBYRANK", "z", "0", "0"], ["ZREMRANGEBYSCORE", "z", "0", "10"],
        ["NEXTSET", "page", "v", "TS", "1000", "TAGS", "1", "t"],
        ["EVAL", "return redis.call('SET', KEYS[1], 'v')", "1", "lua"],
    ];

    [Fact]
    public async Task Every_kind_of_write_counts_as_a_change_since_the_last_save()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        var uncounted = new List<string>();
        foreach (var write in Writes)
        {
            foreach (var step in Setup) await client.CommandAsync(step);
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SAVE"));
            Assert.Equal(0, await InfoFields.ReadAsync(client, "persistence", "rdb_changes_since_last_save"));

            string reply = await client.CommandTextAsync(write);

            Assert.False(reply.StartsWith('-'), $"{string.Join(' ', write)}: {reply}");
            if (await InfoFields.ReadAsync(client, "persistence", "rdb_changes_since_last_save") == 0) uncounted.Add(string.Join(' ', write));
        }
        Assert.Empty(uncounted);
    }

    [Fact]
    public async Task A_write_that_changes_nothing_does_not_count_as_in_redis()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "k", "v"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SAVE"));

        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("PERSIST", "k"));
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("DEL", "missing"));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("SET", "k", "w", "NX"));

        Assert.Equal(0, await InfoFields.ReadAsync(client, "persistence", "rdb_changes_since_last_save"));
    }
}
