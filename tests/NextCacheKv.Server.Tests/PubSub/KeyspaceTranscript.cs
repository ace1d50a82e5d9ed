using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests.PubSub;

/// <summary>
/// Runs commands on one connection while another subscribes to every keyspace and keyevent channel,
/// and records both the replies and the events received (ended by a marker message), so two servers
/// can be compared.
/// </summary>
public static class KeyspaceTranscript
{
    private const string Marker = "transcript-marker";

    /// <summary>A command; "SLEEP ms" pauses; "AWAIT-EMPTY" polls DBSIZE until 0 (active expiry) without touching keys.</summary>
    public static async Task<List<string>> RecordAsync(IRespServer server, string events, IEnumerable<string[]> commands, IEnumerable<string[]>? setup = null)
    {
        await using var subscriber = await server.ConnectAsync();
        await using var publisher = await server.ConnectAsync();
        var transcript = new List<string>();
        foreach (var command in setup ?? []) Assert.Equal("+OK", Text(await publisher.CommandAsync(command))[..3]);
        Assert.Equal("+OK\r\n", Text(await publisher.CommandAsync("CONFIG", "SET", "notify-keyspace-events", events)).Replace("\\r\\n", "\r\n"));
        await subscriber.CommandAsync("PSUBSCRIBE", "__key*__:*");
        await subscriber.CommandAsync("SUBSCRIBE", Marker);
        foreach (var command in commands)
        {
            if (command[0] == "SLEEP")
            {
                await Task.Delay(int.Parse(command[1]));
                continue;
            }
            if (command[0] == "AWAIT-EMPTY")
            {
                await AwaitEmptyAsync(publisher);
                continue;
            }
            transcript.Add($"{string.Join(' ', command)} -> {Text(await publisher.CommandAsync(command))}");
        }
        await publisher.CommandAsync("PUBLISH", Marker, "end");
        while (true)
        {
            string frame = Text(await subscriber.ReadReplyAsync());
            if (frame.Contains(Marker)) break;
            transcript.Add($"event: {frame}");
        }
        return transcript;
    }

    private static async Task AwaitEmptyAsync(RawRespClient publisher)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Text(await publisher.CommandAsync("DBSIZE")) != ":0\\r\\n")
        {
            Assert.True(DateTime.UtcNow < deadline, "Active expiry did not remove the keys within 10 s.");
            await Task.Delay(50);
        }
    }

    private static string Text(byte[] reply) => RespText.Escape(reply);

    /// <param name="redisSetup">Commands only redis-server runs first (e.g. DEBUG SET-ACTIVE-EXPIRE 0; <paramref name="configure"/> is ours).</param>
    /// <returns>The (shared) transcript, for checks that it holds what the test is about.</returns>
    public static async Task<List<string>> AssertSameAsRedisAsync(string events, IEnumerable<string[]> commands, string[]? redisArgs = null, Action<ServerOptions>? configure = null, IEnumerable<string[]>? redisSetup = null)
    {
        var script = commands.ToList();
        List<string> expected, actual;
        await using (var redis = await RedisServerProcess.StartAsync(redisArgs ?? []))
            expected = await RecordAsync(redis, events, script, redisSetup);
        await using (var ours = await TestServer.StartAsync(configure))
            actual = await RecordAsync(ours, events, script);
        for (int i = 0; i < Math.Min(expected.Count, actual.Count); i++)
            Assert.True(expected[i] == actual[i], $"Line {i} differs.\nredis:       {expected[i]}\nnextcachekv: {actual[i]}\n\nredis transcript:\n{string.Join('\n', expected)}\n\nnextcachekv transcript:\n{string.Join('\n', actual)}");
        Assert.Equal(expected.Count, actual.Count);
        return actual;
    }
}
