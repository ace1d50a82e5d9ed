using NextCacheKv.Server.Tests.PubSub;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// The keyspace events set commands publish, in Redis's order: both servers' events are read through
/// PSUBSCRIBE with notify-keyspace-events KEA and compared.
/// </summary>
public sealed class SetKeyspaceEventTests
{
    [Fact]
    public async Task Set_commands_publish_what_redis_publishes()
    {
        string[][] commands =
        [
            ["SADD", "s", "a", "b"], ["SADD", "s", "a"], ["SREM", "s", "a"], ["SREM", "s", "zz"], ["SREM", "s", "b"],
            ["SADD", "src", "x", "y"], ["SMOVE", "src", "dst", "x"], ["SMOVE", "src", "dst", "y"], ["SADD", "dst", "x"],
            ["SMOVE", "dst", "dst", "x"], ["SREM", "dst", "y"], ["SPOP", "dst"], ["SPOP", "dst", "5"],
            ["SADD", "a", "1", "2"], ["SADD", "b", "2", "3"],
            ["SINTERSTORE", "d", "a", "b"], ["SUNIONSTORE", "d", "a", "b"], ["SDIFFSTORE", "d", "a", "a"], ["SDIFFSTORE", "d", "a", "a"],
            ["SPOP", "a", "0"], ["SINTER", "a", "b"], ["SRANDMEMBER", "a", "5"], ["SSCAN", "a", "0"],
            ["SET", "str", "v"], ["SUNIONSTORE", "str", "a"], ["SET", "str2", "v"], ["SINTERSTORE", "str2", "a", "missing"],
        ];
        var transcript = await KeyspaceTranscript.AssertSameAsRedisAsync("KEA", commands);

        Assert.Contains(transcript, line => line.Contains("__keyevent@0__:sdiffstore") || line.Contains("__keyevent@0__:sunionstore"));
    }
}
