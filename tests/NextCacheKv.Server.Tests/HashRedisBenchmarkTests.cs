using System.Diagnostics;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// redis-benchmark's HSET test and custom hash commands run to the end (it aborts on the first error
/// reply), and leave the hash it wrote. A compatibility test with small counts, not a measurement.
/// </summary>
public sealed class HashRedisBenchmarkTests : ServerClientTest
{
    private async Task<string> RunAsync(int requests, params string[] args)
    {
        var start = new ProcessStartInfo(ExecutableLocator.Require("redis-benchmark"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-h", "127.0.0.1", "-p", server.Port.ToString(), "-n", requests.ToString(), "-c", "10", "-r", "500", "-q", .. args])
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        string text = await output + await error;
        Assert.True(process.ExitCode == 0, text);
        Assert.DoesNotContain("ERR", text);
        return text;
    }

    [Theory]
    [InlineData("1")]
    [InlineData("16")]
    public async Task The_hset_test_and_custom_hash_commands_run_to_the_end(string pipeline)
    {
        Assert.Contains("HSET", await RunAsync(2000, "-P", pipeline, "-t", "hset"));
        await RunAsync(2000, "-P", pipeline, "HGET", "myhash", "element:__rand_int__");
        await RunAsync(2000, "-P", pipeline, "HEXISTS", "myhash", "element:__rand_int__");
        await RunAsync(2000, "-P", pipeline, "HMGET", "myhash", "element:__rand_int__", "element:__rand_int__");
        // Few enough deletions that the hash cannot be emptied.
        await RunAsync(200, "-P", pipeline, "HDEL", "myhash", "element:__rand_int__");

        var length = Assert.IsType<long>(RespDecoder.Decode(await client.CommandAsync("HLEN", "myhash")));
        Assert.InRange(length, 1, 500);
    }
}
