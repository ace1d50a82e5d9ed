using NextCacheKv.Server.Tests.Infrastructure;
using StackExchange.Redis;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// ZSCAN on sets too large for Redis's one-page listpack answer: a full iteration returns the same
/// members and scores as Redis, and, under churn, every member present throughout (Redis's guarantee).
/// </summary>
public sealed class ZScanTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("7", null)]
    [InlineData("1000", null)]
    [InlineData("20", "m1*")]
    public async Task Full_iteration_returns_the_same_members_and_scores_as_redis(string? count, string? match)
    {
        await using var diff = await DifferentialHarness.StartAsync();
        var zadd = new List<string> { "ZADD", "big" };
        for (int i = 0; i < 500; i++) zadd.AddRange([(i % 13 * 0.1).ToString("R", System.Globalization.CultureInfo.InvariantCulture), $"m{i}"]);
        zadd.AddRange(["-0", "negative-zero", "1e17", "huge", "inf", "top"]);
        await diff.RunCommandsAsync([.. zadd], ["ZREM", "big", "m3", "m300"], ["ZCARD", "big"]);

        var ours = await ScanAllAsync(diff.Ours, count, match);
        var redis = await ScanAllAsync(diff.Redis, count, match);

        Assert.True(redis.Count > 100 || match is not null);
        Assert.Equal(redis.OrderBy(pair => pair.Key, StringComparer.Ordinal), ours.OrderBy(pair => pair.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Members_present_throughout_are_returned_while_others_change()
    {
        await using var server = await TestServer.StartAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port}");
        var db = redis.GetDatabase();
        await db.SortedSetAddAsync("z", [.. Enumerable.Range(0, 2000).Select(i => new SortedSetEntry($"stable:{i}", i))]);

        using var stop = new CancellationTokenSource();
        var churn = Task.Run(async () =>
        {
            var random = new Random(1);
            while (!stop.IsCancellationRequested)
            {
                // Rescoring moves stable members in score order; churn members come and go.
                await db.SortedSetAddAsync("z", $"stable:{random.Next(2000)}", random.Next(-5000, 5000));
                await db.SortedSetAddAsync("z", $"churn:{random.Next(3000)}", random.Next(5000));
                await db.SortedSetRemoveAsync("z", $"churn:{random.Next(3000)}");
            }
        });

        var seen = new HashSet<string>();
        await foreach (var entry in db.SortedSetScanAsync("z", "stable:*", pageSize: 25))
        {
            seen.Add(entry.Element!);
        }
        stop.Cancel();
        await churn;

        var missing = Enumerable.Range(0, 2000).Select(i => $"stable:{i}").Where(member => !seen.Contains(member)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} members missing, e.g. {string.Join(", ", missing.Take(5))}");
    }

    /// <summary>Follows cursors until 0; a member may repeat, so the result is member → score text.</summary>
    private static async Task<Dictionary<string, string>> ScanAllAsync(RawRespClient client, string? count, string? match)
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        string cursor = "0";
        for (int page = 0; page < 100_000; page++)
        {
            var args = new List<string> { "ZSCAN", "big", cursor };
            if (count is not null) args.AddRange(["COUNT", count]);
            if (match is not null) args.AddRange(["MATCH", match]);
            var reply = Assert.IsType<List<object?>>(RespDecoder.Decode(await client.CommandAsync([.. args])));
            cursor = Assert.IsType<string>(reply[0]);
            var flat = Assert.IsType<List<object?>>(reply[1]);
            for (int i = 0; i < flat.Count; i += 2) members[Assert.IsType<string>(flat[i])] = Assert.IsType<string>(flat[i + 1]);
            if (cursor == "0") return members;
        }
        Assert.Fail("ZSCAN never returned cursor 0");
        return members;
    }
}
