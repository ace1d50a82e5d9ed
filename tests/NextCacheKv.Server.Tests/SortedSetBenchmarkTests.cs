using System.Diagnostics;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>redis-benchmark's sorted-set tests (ZADD, ZPOPMIN) run to the end without an error reply.</summary>
public sealed class SortedSetBenchmarkTests : IAsyncLifetime
{
    private TestServer server = null!;

    public async Task InitializeAsync() => server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData("1")]
    [InlineData("16")]
    public async Task Runs_zadd_and_zpopmin_to_the_end(string pipeline)
    {
        var start = new ProcessStartInfo(ExecutableLocator.Require("redis-benchmark"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-h", "127.0.0.1", "-p", server.Port.ToString(), "-t", "zadd,zpopmin", "-n", "2000", "-c", "10", "-P", pipeline, "-r", "1000", "-q" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        string text = await output + await error;

        Assert.True(process.ExitCode == 0, text);
        Assert.Contains("ZADD", text);
        Assert.Contains("ZPOPMIN", text);
        Assert.DoesNotContain("ERR", text);

        // At most 1000 distinct members were added, then popped 2000 times: the set is gone.
        await using var client = await server.ConnectAsync();
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("EXISTS", "myzset"));
    }
}
