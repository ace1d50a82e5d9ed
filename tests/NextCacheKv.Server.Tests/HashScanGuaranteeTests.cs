using NextCacheKv.Server.Tests.Infrastructure;
using StackExchange.Redis;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// HSCAN's guarantee on a hash large enough to be paged: a field present for the whole scan is returned,
/// while other fields are added and deleted, values rewritten and the slot array compacted underneath.
/// Our cursor is stronger than Redis's (no duplicates either), and that is checked too.
/// </summary>
public sealed class HashScanGuaranteeTests : ServerClientTest
{
    private const int StableCount = 3000;

    [Fact]
    public async Task Fields_present_throughout_are_returned_once_across_compactions()
    {
        // Stable fields interleaved with temporary ones, so deleting the temporaries during the scan opens
        // holes on both sides of the cursor and compaction moves the stable fields.
        for (int start = 0; start < StableCount; start += 500)
        {
            var pairs = Enumerable.Range(start, 500).SelectMany(i => new[] { $"temp:{i}", "t", $"stable:{i}", $"v{i}" });
            await client.CommandAsync(["HSET", "big", .. pairs]);
        }
        var seen = new Dictionary<string, int>();
        string cursor = "0";
        int page = 0, churn = 0;
        do
        {
            var reply = Assert.IsType<List<object?>>(RespDecoder.Decode(await client.CommandAsync("HSCAN", "big", cursor, "COUNT", "40")));
            cursor = Assert.IsType<string>(reply[0]);
            var items = Assert.IsType<List<object?>>(reply[1]);
            for (int i = 0; i < items.Count; i += 2)
            {
                var field = Assert.IsType<string>(items[i]);
                if (field.StartsWith("stable:", StringComparison.Ordinal)) seen[field] = seen.GetValueOrDefault(field) + 1;
            }
            // Between pages: delete a band of temporaries, add new fields, rewrite stable values in place.
            int from = page * 60 % StableCount;
            await client.CommandAsync(["HDEL", "big", .. Enumerable.Range(from, 60).Select(i => $"temp:{i}")]);
            await client.CommandAsync(["HSET", "big", .. Enumerable.Range(churn, 30).SelectMany(i => new[] { $"new:{i}", "n" })]);
            await client.CommandAsync(["HDEL", "big", .. Enumerable.Range(churn, 20).Select(i => $"new:{i}")]);
            await client.CommandAsync("HSET", "big", $"stable:{page * 7 % StableCount}", new string('x', page % 100));
            churn += 30;
            page++;
        } while (cursor != "0");

        var missing = Enumerable.Range(0, StableCount).Select(i => $"stable:{i}").Where(f => !seen.ContainsKey(f)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} stable fields missing, e.g. {string.Join(", ", missing.Take(5))}");
        var repeated = seen.Where(pair => pair.Value > 1).Select(pair => pair.Key).ToList();
        Assert.True(repeated.Count == 0, $"{repeated.Count} fields returned twice, e.g. {string.Join(", ", repeated.Take(5))}");
        Assert.True(page > 50, $"the scan should take many pages, took {page}");
    }

    [Fact]
    public async Task Fields_present_throughout_are_returned_while_another_client_churns()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port}");
        var db = redis.GetDatabase();
        await db.HashSetAsync("big", [.. Enumerable.Range(0, StableCount).Select(i => new HashEntry($"stable:{i}", i))]);

        using var stop = new CancellationTokenSource();
        var churn = Task.Run(async () =>
        {
            var random = new Random(1);
            int round = 0;
            while (!stop.IsCancellationRequested)
            {
                var batch = Enumerable.Range(round * 100, 100).Select(i => new HashEntry($"churn:{i}", "y")).ToArray();
                await db.HashSetAsync("big", batch);
                await db.HashDeleteAsync("big", [.. batch.Select(entry => entry.Name)]);
                await db.HashSetAsync("big", $"stable:{random.Next(StableCount)}", random.Next());
                round++;
            }
        });

        var seen = new HashSet<string>();
        await foreach (var entry in db.HashScanAsync("big", pageSize: 20))
            seen.Add(entry.Name!);
        stop.Cancel();
        await churn;

        var missing = Enumerable.Range(0, StableCount).Select(i => $"stable:{i}").Where(f => !seen.Contains(f)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} stable fields missing, e.g. {string.Join(", ", missing.Take(5))}");
    }

    [Fact]
    public async Task A_small_hash_is_returned_whole_with_cursor_0_whatever_the_count()
    {
        await client.CommandAsync("HSET", "small", "a", "1", "b", "2", "c", "3");

        Assert.Equal(
            "*2\\r\\n$1\\r\\n0\\r\\n*6\\r\\n$1\\r\\na\\r\\n$1\\r\\n1\\r\\n$1\\r\\nb\\r\\n$1\\r\\n2\\r\\n$1\\r\\nc\\r\\n$1\\r\\n3\\r\\n",
            await client.CommandTextAsync("HSCAN", "small", "0", "COUNT", "1"));
    }

    [Fact]
    public async Task A_cursor_past_the_end_finishes_the_scan()
    {
        await client.CommandAsync(["HSET", "big", .. Enumerable.Range(0, 200).SelectMany(i => new[] { $"f{i}", "v" })]);

        Assert.Equal("*2\\r\\n$1\\r\\n0\\r\\n*0\\r\\n", await client.CommandTextAsync("HSCAN", "big", "18446744073709551615"));
    }
}
