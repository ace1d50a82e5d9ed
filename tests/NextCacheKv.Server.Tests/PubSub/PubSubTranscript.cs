using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests.PubSub;

/// <summary>Which of the two connections a step uses.</summary>
public enum Side { Subscriber, Publisher }

/// <summary>
/// One step of a two-connection pub/sub script: send commands (none = only read) on one side, then read
/// that many frames there. Frames are recorded unless the step is marked unrecorded (HELLO's reply
/// carries the connection id and version, which legitimately differ).
/// </summary>
public sealed record PubSubStep(Side Side, string[][] Commands, int Frames, bool Recorded = true)
{
    public static PubSubStep Sub(params string[] args) => new(Side.Subscriber, [args], 1);
    public static PubSubStep Pub(params string[] args) => new(Side.Publisher, [args], 1);
    /// <summary>Reads frames the subscriber should have received (messages, events).</summary>
    public static PubSubStep SubReads(int frames) => new(Side.Subscriber, [], frames);
    /// <summary>Sends several subscriber commands in one write (pipelined), then reads their frames.</summary>
    public static PubSubStep SubPipeline(int frames, params string[][] commands) => new(Side.Subscriber, commands, frames);

    public PubSubStep Expecting(int frames) => this with { Frames = frames };
    public PubSubStep Unrecorded() => this with { Recorded = false };

    public override string ToString() => Commands.Length == 0
        ? $"{Side} reads {Frames}"
        : $"{Side}: {string.Join(" | ", Commands.Select(c => string.Join(' ', c)))}";
}

/// <summary>
/// Runs a <see cref="PubSubStep"/> script against one server with a subscriber and a publisher
/// connection and records every frame, so two servers' transcripts can be compared byte for byte.
/// </summary>
public static class PubSubTranscript
{
    public static async Task<List<string>> RecordAsync(IRespServer server, IEnumerable<PubSubStep> steps)
    {
        await using var subscriber = await server.ConnectAsync();
        await using var publisher = await server.ConnectAsync();
        var transcript = new List<string>();
        int number = 0;
        foreach (var step in steps)
        {
            number++;
            var client = step.Side == Side.Subscriber ? subscriber : publisher;
            if (step.Commands.Length > 0)
                await client.SendAsync([.. step.Commands.SelectMany(c => RespCommand.Encode(c))]);
            for (int i = 0; i < step.Frames; i++)
            {
                var frame = RespText.Escape(await client.ReadReplyAsync());
                if (step.Recorded) transcript.Add($"#{number} {step}: {frame}");
            }
        }
        // Nothing unexpected may be left over on the subscriber (an extra message would hide here).
        await subscriber.SendAsync(RespCommand.Encode(["PING", "transcript-end"]));
        transcript.Add($"end: {RespText.Escape(await subscriber.ReadReplyAsync())}");
        return transcript;
    }

    /// <summary>
    /// The same script with each run of consecutive command steps on one side sent in a single write
    /// (their frames read together), so the servers see pipelined pub/sub commands.
    /// </summary>
    public static IEnumerable<PubSubStep> Pipelined(IEnumerable<PubSubStep> steps)
    {
        PubSubStep? pending = null;
        foreach (var step in steps)
        {
            if (pending is not null && step.Commands.Length > 0 && step.Side == pending.Side && step.Recorded == pending.Recorded)
            {
                pending = pending with { Commands = [.. pending.Commands, .. step.Commands], Frames = pending.Frames + step.Frames };
                continue;
            }
            if (pending is not null) yield return pending;
            pending = step.Commands.Length > 0 ? step : null;
            if (pending is null) yield return step;
        }
        if (pending is not null) yield return pending;
    }

    /// <summary>Runs the script on redis-server and on NextCacheKv and requires identical transcripts.</summary>
    public static async Task AssertSameAsRedisAsync(IEnumerable<PubSubStep> steps, string[]? redisArgs = null, Action<ServerOptions>? configure = null)
    {
        var script = steps.ToList();
        List<string> expected, actual;
        await using (var redis = await RedisServerProcess.StartAsync(redisArgs ?? []))
            expected = await RecordAsync(redis, script);
        await using (var ours = await TestServer.StartAsync(configure))
            actual = await RecordAsync(ours, script);
        for (int i = 0; i < Math.Min(expected.Count, actual.Count); i++)
            Assert.True(expected[i] == actual[i], $"Frame {i} differs.\nredis:       {expected[i]}\nnextcachekv: {actual[i]}");
        Assert.Equal(expected.Count, actual.Count);
    }
}
