using System.Diagnostics;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// redis-benchmark aborts its whole run on the first error reply, so running its string tests to the
/// end with exit 0 proves every command and reply shape it uses works. Small counts: this is a
/// compatibility test, not a measurement.
/// </summary>
public sealed class RedisBenchmarkTests : IAsyncLifetime
{
    private TestServer server = null!;

    public async Task InitializeAsync() => server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData("1")]
    [InlineData("16")]
    public async Task Runs_ping_set_get_incr_mset_to_the_end(string pipeline)
    {
        var start = new ProcessStartInfo(ExecutableLocator.Require("redis-benchmark"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-h", "127.0.0.1", "-p", server.Port.ToString(), "-t", "ping,set,get,incr,mset", "-n", "2000", "-c", "10", "-P", pipeline, "-r", "1000", "-q" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        string text = await output + await error;

        Assert.True(process.ExitCode == 0, text);
        foreach (var test in new[] { "PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "MSET" })
            Assert.Contains(test, text);
        Assert.DoesNotContain("ERR", text);
    }
}
