namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>
/// Sends the same bytes to NextCacheKv and to a real redis-server and requires the same replies,
/// failing on the first difference with the step number, the command and both replies.
/// </summary>
public sealed class DifferentialHarness : IAsyncDisposable
{
    private readonly TestServer ourServer;
    private readonly RedisServerProcess redisServer;
    private int stepsRun;

    private DifferentialHarness(TestServer ourServer, RedisServerProcess redisServer, RawRespClient ours, RawRespClient redis)
    {
        this.ourServer = ourServer;
        this.redisServer = redisServer;
        Ours = ours;
        Redis = redis;
    }

    /// <summary>The connection to NextCacheKv, for custom checks beside the step-by-step comparison.</summary>
    public RawRespClient Ours { get; }

    /// <summary>Runs <paramref name="steps"/> on a fresh pair of servers over RESP2, comparing every reply.</summary>
    public static async Task CompareOverResp2Async(IEnumerable<DiffStep> steps)
    {
        await using var diff = await StartAsync();
        await diff.RunAsync(steps);
    }

    /// <summary>As <see cref="CompareOverResp2Async"/> after <c>HELLO 3</c> (whose reply differs by server, so only its type is compared).</summary>
    public static async Task CompareOverResp3Async(IEnumerable<DiffStep> steps)
    {
        await using var diff = await StartAsync();
        await diff.RunAsync([DiffStep.Command("HELLO", "3").TypeOnly(), .. steps]);
    }

    /// <summary>As <see cref="CompareOverResp2Async"/> with the steps sent in pipelined batches.</summary>
    public static async Task ComparePipelinedAsync(IEnumerable<DiffStep> steps)
    {
        await using var diff = await StartAsync();
        await diff.RunPipelinedAsync(steps);
    }

    /// <summary>The connection to the reference redis-server.</summary>
    public RawRespClient Redis { get; }

    public static async Task<DifferentialHarness> StartAsync(Action<ServerOptions>? configure = null)
    {
        var redisStart = RedisServerProcess.StartAsync();
        var oursStart = TestServer.StartAsync(configure);
        RedisServerProcess? redisServer = null;
        TestServer? ourServer = null;
        RawRespClient? ours = null;
        try
        {
            redisServer = await redisStart;
            ourServer = await oursStart;
            ours = await ourServer.ConnectAsync();
            var redis = await redisServer.ConnectAsync();
            return new DifferentialHarness(ourServer, redisServer, ours, redis);
        }
        catch
        {
            // Whichever started must not outlive a failed setup.
            await DisposeQuietly(ours);
            await DisposeQuietly(redisServer ?? await TryGet(redisStart));
            await DisposeQuietly(ourServer ?? await TryGet(oursStart));
            throw;
        }
    }

    /// <summary>Runs commands given as argument lists, compared exactly.</summary>
    public Task RunCommandsAsync(params string[][] commands) => RunAsync(commands.Select(args => DiffStep.Command(args)));

    public Task RunAsync(params DiffStep[] steps) => RunAsync((IEnumerable<DiffStep>)steps);

    /// <summary>Sends each step and compares its replies before sending the next.</summary>
    public async Task RunAsync(IEnumerable<DiffStep> steps)
    {
        foreach (var step in steps)
        {
            await Ours.SendAsync(step.Payload);
            await Redis.SendAsync(step.Payload);
            await CompareRepliesAsync(++stepsRun, step);
        }
    }

    /// <summary>
    /// Sends steps in batches without waiting for replies, then compares them in order: exercises pipelining.
    /// Batches stay small so neither side blocks on full socket buffers.
    /// </summary>
    public async Task RunPipelinedAsync(IEnumerable<DiffStep> steps, int batchSize = 100)
    {
        foreach (var batch in steps.Chunk(batchSize))
        {
            byte[] payload = [.. batch.SelectMany(step => step.Payload)];
            await Ours.SendAsync(payload);
            await Redis.SendAsync(payload);
            foreach (var step in batch)
                await CompareRepliesAsync(++stepsRun, step);
        }
    }

    private async Task CompareRepliesAsync(int index, DiffStep step)
    {
        for (int reply = 0; reply < step.ReplyCount; reply++)
        {
            var ourReply = await ReadOrFail(Ours, ourServer.Name, index, step);
            var redisReply = await ReadOrFail(Redis, redisServer.Name, index, step);
            if (!Agree(step.Comparison, ourReply, redisReply))
                Assert.Fail(DescribeMismatch(index, step, reply, ourReply, redisReply));
        }
    }

    private static bool Agree(ReplyComparison comparison, byte[] ours, byte[] redis) => comparison switch
    {
        ReplyComparison.Exact => ours.AsSpan().SequenceEqual(redis),
        ReplyComparison.TypeOnly => ours.Length > 0 && redis.Length > 0 && ours[0] == redis[0],
        ReplyComparison.Unordered => RespAggregate.WithSortedElements(ours).AsSpan().SequenceEqual(RespAggregate.WithSortedElements(redis)),
        ReplyComparison.RemainingTime => ours.AsSpan().SequenceEqual(redis) || RemainingTimesAgree(ours, redis),
        ReplyComparison.Ignore => true,
        _ => throw new ArgumentOutOfRangeException(nameof(comparison)),
    };

    private static bool RemainingTimesAgree(byte[] ours, byte[] redis)
    {
        if (RespDecoder.Decode(ours) is not long a || RespDecoder.Decode(redis) is not long b || a <= 0 || b <= 0)
            return false;
        return Math.Abs(a - b) <= Math.Max(2, Math.Max(a, b) / 100);
    }

    private static async Task<byte[]> ReadOrFail(RawRespClient client, string serverName, int index, DiffStep step)
    {
        try
        {
            return await client.ReadReplyAsync();
        }
        catch (Exception e) when (e is TimeoutException or IOException or FormatException)
        {
            Assert.Fail($"Step {index}: {step.Description}\n  {serverName} gave no valid reply: {e.Message}");
            throw; // unreachable: Assert.Fail throws
        }
    }

    private static string DescribeMismatch(int index, DiffStep step, int reply, byte[] ours, byte[] redis)
    {
        string which = step.ReplyCount > 1 ? $" (reply {reply + 1} of {step.ReplyCount})" : "";
        return $"Step {index}{which}: {step.Description}\n" +
               $"  compared:    {step.Comparison}\n" +
               $"  nextcachekv: \"{RespText.Escape(ours)}\"\n" +
               $"  redis:       \"{RespText.Escape(redis)}\"";
    }

    private static async Task<T?> TryGet<T>(Task<T> task) where T : class
    {
        try
        {
            return await task;
        }
        catch
        {
            return null;
        }
    }

    private static async Task DisposeQuietly(IAsyncDisposable? disposable)
    {
        try
        {
            if (disposable is not null)
                await disposable.DisposeAsync();
        }
        catch
        {
            // Setup already failed; that failure is the one worth reporting.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Ours.DisposeAsync();
        await Redis.DisposeAsync();
        try
        {
            await ourServer.DisposeAsync();
        }
        finally
        {
            await redisServer.DisposeAsync();
        }
    }
}
