using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using NextCacheKv.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// redis-benchmark's full default test set (<c>-q -n 20000</c>, without and with <c>-P 16</c>) must run to
/// the end with exit 0 and report a result for every one of its default tests: it aborts on the first
/// error reply, so this proves every command and reply shape of the suite (strings, lists, sets,
/// hashes, sorted sets) works. redis-server runs the same suite as the reference, which also
/// keeps the expected test names honest. The figures go to the test output, not into assertions.
/// </summary>
public sealed partial class RedisBenchmarkFullSuiteTests(ITestOutputHelper output)
{
    /// <summary>The names redis-benchmark 7.0 prints for its default tests, in order.</summary>
    private static readonly string[] DefaultTests =
    [
        "PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "LPUSH", "RPUSH", "LPOP", "RPOP", "SADD", "HSET",
        "SPOP", "ZADD", "ZPOPMIN", "LPUSH (needed to benchmark LRANGE)", "LRANGE_100 (first 100 elements)",
        "LRANGE_300 (first 300 elements)", "LRANGE_500 (first 500 elements)", "LRANGE_600 (first 600 elements)",
        "MSET (10 keys)",
    ];

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    [Theory]
    [InlineData("1")]
    [InlineData("16")]
    public async Task Full_default_suite_runs_to_the_end_on_NextCacheKv(string pipeline)
    {
        await using var server = await TestServer.StartAsync();
        await RunAndCheckAsync(server, pipeline);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("16")]
    public async Task Full_default_suite_runs_to_the_end_on_redis_server(string pipeline)
    {
        await using var server = await RedisServerProcess.StartAsync();
        await RunAndCheckAsync(server, pipeline);
    }

    private async Task RunAndCheckAsync(IRespServer server, string pipeline)
    {
        var (exitCode, text) = await RunBenchmarkAsync(server.Port, pipeline);
        var lines = text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var results = new List<(string Test, double RequestsPerSecond)>();
        foreach (var line in lines)
        {
            var match = ResultLine().Match(line);
            if (match.Success)
                results.Add((match.Groups["test"].Value, double.Parse(match.Groups["rps"].Value, CultureInfo.InvariantCulture)));
        }
        output.WriteLine($"redis-benchmark -q -n 20000 -c 20 -P {pipeline} against {server.Name}:");
        foreach (var (test, rps) in results)
            output.WriteLine($"  {test,-36} {rps,12:F0} req/s");

        string failureContext = $"redis-benchmark against {server.Name} exited {exitCode}; output:\n{string.Join('\n', lines.Where(l => !l.Contains("rps=")))}";
        Assert.True(exitCode == 0, failureContext);
        var errorLines = lines.Where(l => l.Contains("Error", StringComparison.OrdinalIgnoreCase) || l.StartsWith("ERR", StringComparison.Ordinal) || l.Contains("WRONGTYPE")).ToList();
        Assert.True(errorLines.Count == 0, $"error lines: {string.Join('\n', errorLines)}\n{failureContext}");
        Assert.Equal(DefaultTests, results.Select(r => r.Test).ToArray());
        Assert.All(results, r => Assert.True(r.RequestsPerSecond > 0, $"{r.Test} reported {r.RequestsPerSecond} req/s"));
    }

    /// <summary>Runs the default suite; -c 20 keeps the connection count modest on a small machine.</summary>
    private static async Task<(int ExitCode, string Output)> RunBenchmarkAsync(int port, string pipeline)
    {
        var start = new ProcessStartInfo(ExecutableLocator.Require("redis-benchmark"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-q", "-n", "20000", "-c", "20", "-P", pipeline })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-benchmark did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(RunTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true); // only the process this test started
            throw new TimeoutException($"redis-benchmark -P {pipeline} did not finish within {RunTimeout}; output so far:\n{await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"^(?<test>[A-Z_]+[A-Z0-9_]*(?: \([^)]*\))?): (?<rps>[0-9.]+) requests per second")]
    private static partial Regex ResultLine();
}
