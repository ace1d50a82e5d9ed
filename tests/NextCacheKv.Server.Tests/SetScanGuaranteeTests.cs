using NextCacheKv.Server.Tests.Infrastructure;
using StackExchange.Redis;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// SSCAN's promise under change: a member present for the whole scan is returned at least once, however
/// many members are added and removed between (or during) the calls, and the scan ends.
/// </summary>
public sealed class SetScanGuaranteeTests : ServerClientTest
{
    private const int Stable = 2000;

    [Fact]
    public async Task Stable_members_are_returned_while_others_are_added_and_removed_between_calls()
    {
        await AddAsync("big", Enumerable.Range(0, Stable).Select(i => $"stable:{i}"));
        await AddAsync("big", Enumerable.Range(0, 1000).Select(i => $"churn:{i}"));
        var random = new Random(7);
        var seen = new HashSet<string>();
        string cursor = "0";
        int calls = 0;
        do
        {
            var reply = (List<object?>)RespDecoder.Decode(await client.CommandAsync("SSCAN", "big", cursor, "COUNT", "25"))!;
            cursor = (string)reply[0]!;
            foreach (var member in (List<object?>)reply[1]!) seen.Add((string)member!);
            // Between calls: removals move the last members into the holes, additions append; every
            // tenth call a large removal shrinks the set below the cursor.
            await AddAsync("big", Enumerable.Range(0, 40).Select(_ => $"churn:{random.Next(5000)}"));
            int removals = calls % 10 == 9 ? 600 : 40;
            await client.CommandAsync(["SREM", "big", .. Enumerable.Range(0, removals).Select(_ => $"churn:{random.Next(5000)}")]);
            calls++;
            Assert.True(calls < 10_000, "the scan did not end");
        } while (cursor != "0");

        AssertAllStableSeen(seen);
    }

    [Fact]
    public async Task Stable_members_are_returned_while_another_client_changes_the_set()
    {
        await AddAsync("big", Enumerable.Range(0, Stable).Select(i => $"stable:{i}"));
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port}");
        var db = redis.GetDatabase();
        using var stop = new CancellationTokenSource();
        var churn = Task.Run(async () =>
        {
            var random = new Random(3);
            while (!stop.IsCancellationRequested)
            {
                await db.SetAddAsync("big", $"churn:{random.Next(3000)}");
                await db.SetRemoveAsync("big", $"churn:{random.Next(3000)}");
                if (random.Next(50) == 0) await db.SetPopAsync("churnset");
            }
        });

        var seen = new HashSet<string>();
        await foreach (var member in db.SetScanAsync("big", pageSize: 15)) seen.Add(member!);
        stop.Cancel();
        await churn;

        AssertAllStableSeen(seen);
    }

    private async Task AddAsync(string key, IEnumerable<string> members)
    {
        foreach (var chunk in members.Chunk(500))
            await client.CommandAsync(["SADD", key, .. chunk]);
    }

    private static void AssertAllStableSeen(HashSet<string> seen)
    {
        var missing = Enumerable.Range(0, Stable).Select(i => $"stable:{i}").Where(m => !seen.Contains(m)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} stable members missing, e.g. {string.Join(", ", missing.Take(5))}");
    }
}
