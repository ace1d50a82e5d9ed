using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// SCAN cursors and page sizes are implementation details, so only the guarantee is compared:
/// a full iteration returns every key that existed throughout, as a set.
/// </summary>
public sealed class DifferentialTestsScan
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("10", null)]
    [InlineData("1000", null)]
    [InlineData(null, "key:1*")]
    [InlineData("7", "*5")]
    public async Task Full_iteration_returns_the_same_keys_as_redis(string? count, string? match)
    {
        await using var diff = await DifferentialHarness.StartAsync();
        var mset = new List<string> { "MSET" };
        for (int i = 0; i < 300; i++)
            mset.AddRange([$"key:{i}", i.ToString()]);
        await diff.RunCommandsAsync([.. mset], ["SELECT", "1"], ["SET", "other-db", "x"], ["SELECT", "0"]);

        var ours = await ScanAllAsync(diff.Ours, count, match);
        var redis = await ScanAllAsync(diff.Redis, count, match);

        Assert.Equal(redis.Order(StringComparer.Ordinal), ours.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Full_iteration_of_an_empty_database_is_one_empty_page()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunCommandsAsync(["SCAN", "0"], ["SCAN", "0", "COUNT", "5", "MATCH", "*"]);
    }

    /// <summary>Follows cursors until 0, collecting keys; duplicates are allowed by SCAN, so a set is returned.</summary>
    private static async Task<HashSet<string>> ScanAllAsync(RawRespClient client, string? count, string? match)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        string cursor = "0";
        for (int page = 0; page < 10_000; page++)
        {
            var args = new List<string> { "SCAN", cursor };
            if (count is not null)
                args.AddRange(["COUNT", count]);
            if (match is not null)
                args.AddRange(["MATCH", match]);
            var reply = Assert.IsType<List<object?>>(RespDecoder.Decode(await client.CommandAsync([.. args])));
            cursor = Assert.IsType<string>(reply[0]);
            foreach (var key in Assert.IsType<List<object?>>(reply[1]))
                keys.Add(Assert.IsType<string>(key));
            if (cursor == "0")
                return keys;
        }
        Assert.Fail("SCAN never returned cursor 0");
        return keys;
    }
}
