using NextCacheKv.Server.Tests.Infrastructure;
using NextCacheKv.Server.Tests.PubSub;

namespace NextCacheKv.Server.Tests.Lists;

/// <summary>
/// The keyspace events list commands publish, in Redis's order (t_list.c), read through PSUBSCRIBE and
/// compared with redis-server; and the events of serving a blocked client.
/// </summary>
public sealed class ListKeyspaceEventTests
{
    [Fact]
    public async Task Pushes_pops_and_edits_publish_redis_events()
    {
        var transcript = await KeyspaceTranscript.AssertSameAsRedisAsync("Egl", [
            ["RPUSH", "l", "a", "b", "c", "d"], ["LPUSHX", "l", "x"], ["RPUSHX", "missing", "x"], ["LPOP", "l"], ["RPOP", "l", "2"],
            ["LSET", "l", "0", "A"], ["LINSERT", "l", "BEFORE", "A", "z"], ["LINSERT", "l", "BEFORE", "nothere", "z"],
            ["LREM", "l", "0", "nothere"], ["LREM", "l", "0", "z"], ["LTRIM", "l", "0", "-1"], ["LPOP", "l", "5"]]);

        Assert.Contains(transcript, line => line.Contains("__keyevent@0__:linsert"));
    }

    [Fact]
    public async Task Moves_trims_and_removals_that_empty_a_list_publish_del()
    {
        var transcript = await KeyspaceTranscript.AssertSameAsRedisAsync("Egl", [
            ["RPUSH", "src", "a"], ["LMOVE", "src", "dst", "LEFT", "RIGHT"], ["RPOPLPUSH", "dst", "dst"],
            ["LTRIM", "dst", "1", "0"], ["RPUSH", "r", "x"], ["LREM", "r", "0", "x"], ["RPUSH", "m", "y"], ["LMPOP", "1", "m", "RIGHT"]]);

        Assert.Contains(transcript, line => line.Contains("__keyevent@0__:del"));
    }

    [Fact]
    public async Task Serving_a_blocked_client_publishes_what_redis_publishes()
    {
        List<string> expected, actual;
        await using (var redis = await RedisServerProcess.StartAsync())
            expected = await ServeBlockedClientAsync(redis);
        await using (var ours = await TestServer.StartAsync())
            actual = await ServeBlockedClientAsync(ours);

        Assert.Equal(["rpush q", "lpush done", "lpop q", "del q"], expected);
        Assert.Equal(expected, actual);
    }

    /// <summary>A client blocks in BLMOVE, another pushes: the keyevent messages that follow, in order.</summary>
    private static async Task<List<string>> ServeBlockedClientAsync(IRespServer server)
    {
        await using var client = await server.ConnectAsync();
        await using var subscriber = await server.ConnectAsync();
        await using var blocked = await server.ConnectAsync();
        await client.CommandAsync("CONFIG", "SET", "notify-keyspace-events", "Egl");
        await subscriber.CommandAsync("PSUBSCRIBE", "__keyevent@0__:*");

        await blocked.SendAsync(RespCommand.Encode("BLMOVE", "q", "done", "LEFT", "LEFT", "0"));
        var deadline = DateTime.UtcNow + RawRespClient.DefaultTimeout;
        while (RespText.Escape(await client.CommandAsync("INFO", "clients")).Contains("blocked_clients:0"))
        {
            Assert.True(DateTime.UtcNow < deadline, "BLMOVE did not block");
            await Task.Delay(10);
        }
        await client.CommandAsync("RPUSH", "q", "job");
        await blocked.ReadReplyAsync();

        var events = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            var frame = Assert.IsType<List<object?>>(RespDecoder.Decode(await subscriber.ReadReplyAsync()));
            events.Add($"{((string)frame[2]!)["__keyevent@0__:".Length..]} {frame[3]}");
        }
        return events;
    }
}
