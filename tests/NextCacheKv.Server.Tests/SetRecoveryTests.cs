using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>Sets kept by the real executable across restarts: after SAVE through kill -9, and after SIGTERM.</summary>
[Trait(TestTraits.Runs, TestTraits.HostProcess)]
public sealed class SetRecoveryTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory dataDirectory = new("set-recovery");

    public void Dispose() => dataDirectory.Dispose();

    [Fact]
    public async Task Saved_sets_survive_kill_9_and_a_scan_continues_across_the_restart()
    {
        string cursor;
        var seen = new HashSet<string>();
        await using (var first = await StartHostAsync())
        {
            await using var client = await RawRespClient.ConnectAsync(first.Port);
            await WriteSetsAsync(client);
            // Half a scan before the crash; the cursor must still be good after it.
            var page = (List<object?>)RespDecoder.Decode(await client.CommandAsync("SSCAN", "big", "0", "COUNT", "2000"))!;
            cursor = (string)page[0]!;
            foreach (var member in (List<object?>)page[1]!) seen.Add((string)member!);
            Assert.NotEqual("0", cursor);
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SAVE"));

            first.Process.Kill();
            await first.Process.WaitForExitAsync(ExitTimeout);
        }

        await using var second = await StartHostAsync();
        await using var reader = await RawRespClient.ConnectAsync(second.Port);
        await AssertSetsAsync(reader);
        do
        {
            var page = (List<object?>)RespDecoder.Decode(await reader.CommandAsync("SSCAN", "big", cursor, "COUNT", "500"))!;
            cursor = (string)page[0]!;
            foreach (var member in (List<object?>)page[1]!) seen.Add((string)member!);
        } while (cursor != "0");
        Assert.Equal(5000, seen.Count);
    }

    [Fact]
    public async Task Sets_survive_sigterm_without_an_explicit_save()
    {
        string firstOutput;
        await using (var first = await StartHostAsync())
        {
            await using var client = await RawRespClient.ConnectAsync(first.Port);
            await WriteSetsAsync(client);

            first.Process.Terminate();
            Assert.Equal(0, await first.Process.WaitForExitAsync(ExitTimeout));
            firstOutput = first.Process.Output;
        }

        await using var second = await StartHostAsync();
        await using var reader = await RawRespClient.ConnectAsync(second.Port);
        // Failed once in CI's native pass (2026-11-28: "numbers" read back empty after exit 0): the logs say what
        // was saved and recovered, the listing what was on disk.
        string numbers = await reader.CommandTextAsync("SMEMBERS", "numbers");
        Assert.True(numbers.StartsWith("*4"), $"SMEMBERS numbers: {numbers}\n{RestartDiagnostics.Describe(firstOutput, second, dataDirectory.Path)}");
        await AssertSetsAsync(reader);
    }

    private static async Task WriteSetsAsync(RawRespClient client)
    {
        Assert.Equal(":3\\r\\n", await client.CommandTextAsync("SADD", "fruit", "apple", "pear", "plum"));
        Assert.Equal(":4\\r\\n", await client.CommandTextAsync("SADD", "numbers", "30", "-2", "7", "1000"));
        Assert.Equal(":2\\r\\n", RespText.Escape(await client.CommandAsync(RespText.Bytes("SADD"), RespText.Bytes("binary"), [0, 13, 10, 255], [])));
        foreach (var chunk in Enumerable.Range(0, 5000).Select(i => $"member:{i}").Chunk(1000))
            await client.CommandAsync(["SADD", "big", .. chunk]);
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("SREM", "big", "member:42"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("SADD", "big", "member:42"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("SADD", "expiring", "x"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("EXPIRE", "expiring", "1000"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("SADD", "emptied", "gone"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("SREM", "emptied", "gone"));
        Assert.Equal(":3\\r\\n", await client.CommandTextAsync("SINTERSTORE", "stored", "fruit", "fruit"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SELECT", "3"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("SADD", "in-db3", "three"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SELECT", "0"));
    }

    private static async Task AssertSetsAsync(RawRespClient reader)
    {
        Assert.Equal("*4\\r\\n$2\\r\\n-2\\r\\n$1\\r\\n7\\r\\n$2\\r\\n30\\r\\n$4\\r\\n1000\\r\\n", await reader.CommandTextAsync("SMEMBERS", "numbers"));
        Assert.Equal(":3\\r\\n", await reader.CommandTextAsync("SCARD", "fruit"));
        Assert.Equal("*3\\r\\n:1\\r\\n:1\\r\\n:0\\r\\n", await reader.CommandTextAsync("SMISMEMBER", "fruit", "apple", "plum", "fig"));
        Assert.Equal("*2\\r\\n:1\\r\\n:1\\r\\n", RespText.Escape(await reader.CommandAsync(RespText.Bytes("SMISMEMBER"), RespText.Bytes("binary"), [0, 13, 10, 255], [])));
        Assert.Equal(":5000\\r\\n", await reader.CommandTextAsync("SCARD", "big"));
        Assert.Equal(":1\\r\\n", await reader.CommandTextAsync("SISMEMBER", "big", "member:42"));
        Assert.InRange(Assert.IsType<long>(RespDecoder.Decode(await reader.CommandAsync("TTL", "expiring"))), 900, 1000);
        Assert.Equal(":0\\r\\n", await reader.CommandTextAsync("EXISTS", "emptied"));
        Assert.Equal(":3\\r\\n", await reader.CommandTextAsync("SCARD", "stored"));
        Assert.Equal(":6\\r\\n", await reader.CommandTextAsync("DBSIZE"));
        Assert.Equal("+OK\\r\\n", await reader.CommandTextAsync("SELECT", "3"));
        Assert.Equal("+set\\r\\n", await reader.CommandTextAsync("TYPE", "in-db3"));
        // Recovered sets stay writable.
        Assert.Equal(":1\\r\\n", await reader.CommandTextAsync("SADD", "in-db3", "more"));
        Assert.Equal("+OK\\r\\n", await reader.CommandTextAsync("SELECT", "0"));
    }

    private Task<RunningHost> StartHostAsync() => RunningHost.StartAsync(dataDirectory.Path, []);
}
