using NextCacheKv.Server.Tests.Infrastructure;
using StackExchange.Redis;

namespace NextCacheKv.Server.Tests;

/// <summary>Redis's SCAN guarantee under churn: a key present for the whole iteration is returned.</summary>
public sealed class ScanGuaranteeTests
{
    [Fact]
    public async Task Keys_present_throughout_are_returned_while_others_change()
    {
        await using var server = await TestServer.StartAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port},allowAdmin=true");
        var db = redis.GetDatabase();
        for (int i = 0; i < 2000; i++) _ = db.StringSetAsync($"stable:{i}", i, flags: StackExchange.Redis.CommandFlags.FireAndForget);
        await db.PingAsync();

        using var stop = new CancellationTokenSource();
        var churn = Task.Run(async () =>
        {
            var random = new Random(1);
            while (!stop.IsCancellationRequested)
            {
                int i = random.Next(2000);
                // Rewriting a stable key with a new size moves its record to the log's tail.
                await db.StringSetAsync($"stable:{i}", new string('x', random.Next(1, 50)));
                await db.StringSetAsync($"churn:{random.Next(500)}", "y");
                await db.KeyDeleteAsync($"churn:{random.Next(500)}");
            }
        });

        var seen = new HashSet<string>();
        var serverApi = redis.GetServer(redis.GetEndPoints()[0]);
        await foreach (var key in serverApi.KeysAsync(pattern: "stable:*", pageSize: 20))
            seen.Add(key!);
        stop.Cancel();
        await churn;

        var missing = Enumerable.Range(0, 2000).Select(i => $"stable:{i}").Where(k => !seen.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} keys missing, e.g. {string.Join(", ", missing.Take(5))}");
    }
}
