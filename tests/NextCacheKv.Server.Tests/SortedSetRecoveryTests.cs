using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>Sorted sets (small and large, with infinities and expiry) survive SAVE followed by kill -9 and a restart.</summary>
[Trait(TestTraits.Runs, TestTraits.HostProcess)]
public sealed class SortedSetRecoveryTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory dataDirectory = new("zset-recovery");

    public void Dispose() => dataDirectory.Dispose();

    [Fact]
    public async Task Saved_sorted_sets_survive_kill_9()
    {
        string bigRangeBefore;
        await using (var first = await RunningHost.StartAsync(dataDirectory.Path))
        {
            await using var client = await RawRespClient.ConnectAsync(first.Port);
            Assert.Equal(":3\\r\\n", await client.CommandTextAsync("ZADD", "small", "1.5", "a", "-inf", "low", "inf", "high"));
            var zadd = new List<string> { "ZADD", "big" };
            for (int i = 0; i < 1000; i++) zadd.AddRange([(i % 97).ToString(), $"member:{i}"]);
            Assert.Equal(":1000\\r\\n", await client.CommandTextAsync([.. zadd]));
            Assert.Equal(":10\\r\\n", await client.CommandTextAsync("ZREMRANGEBYRANK", "big", "0", "9"));
            Assert.Equal(":1\\r\\n", await client.CommandTextAsync("EXPIRE", "small", "1000"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SELECT", "3"));
            Assert.Equal(":1\\r\\n", await client.CommandTextAsync("ZADD", "in-db3", "7", "x"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SELECT", "0"));
            bigRangeBefore = await client.CommandTextAsync("ZRANGE", "big", "0", "-1", "WITHSCORES");
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SAVE"));

            first.Process.Kill();
            await first.Process.WaitForExitAsync(ExitTimeout);
        }

        await using var second = await RunningHost.StartAsync(dataDirectory.Path);
        await using var reader = await RawRespClient.ConnectAsync(second.Port);
        Assert.Equal("*6\\r\\n$3\\r\\nlow\\r\\n$4\\r\\n-inf\\r\\n$1\\r\\na\\r\\n$3\\r\\n1.5\\r\\n$4\\r\\nhigh\\r\\n$3\\r\\ninf\\r\\n",
            await reader.CommandTextAsync("ZRANGE", "small", "0", "-1", "WITHSCORES"));
        Assert.Equal(":990\\r\\n", await reader.CommandTextAsync("ZCARD", "big"));
        Assert.Equal(bigRangeBefore, await reader.CommandTextAsync("ZRANGE", "big", "0", "-1", "WITHSCORES"));
        Assert.Equal(":0\\r\\n", await reader.CommandTextAsync("ZRANK", "big", "member:970"));
        Assert.StartsWith(":", await reader.CommandTextAsync("TTL", "small"));
        Assert.NotEqual(":-1\\r\\n", await reader.CommandTextAsync("TTL", "small"));
        Assert.Equal("+OK\\r\\n", await reader.CommandTextAsync("SELECT", "3"));
        Assert.Equal("$1\\r\\n7\\r\\n", await reader.CommandTextAsync("ZSCORE", "in-db3", "x"));
    }
}
