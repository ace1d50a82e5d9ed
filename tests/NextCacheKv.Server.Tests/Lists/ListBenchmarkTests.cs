using System.Diagnostics;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests.Lists;

/// <summary>
/// redis-benchmark's list tests (LPUSH RPUSH LPOP RPOP LRANGE_100…600) run to the end: it aborts on the
/// first error reply, so exit 0 proves every reply shape it reads. A compatibility test, not a measurement.
/// </summary>
public sealed class ListBenchmarkTests : IAsyncLifetime
{
    private TestServer server = null!;

    public async Task InitializeAsync() => server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData("1")]
    [InlineData("16")]
    public async Task Runs_the_list_tests_to_the_end(string pipeline)
    {
        var start = new ProcessStartInfo(ExecutableLocator.Require("redis-benchmark"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-h", "127.0.0.1", "-p", server.Port.ToString(), "-t", "lpush,rpush,lpop,rpop,lrange", "-n", "1000", "-c", "10", "-P", pipeline, "-q" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        string text = await output + await error;

        Assert.True(process.ExitCode == 0, text);
        foreach (var test in new[] { "LPUSH", "RPUSH", "LPOP", "RPOP", "LRANGE_100", "LRANGE_300", "LRANGE_500", "LRANGE_600" })
            Assert.Contains(test, text);
        Assert.DoesNotContain("ERR", text);
    }
}
