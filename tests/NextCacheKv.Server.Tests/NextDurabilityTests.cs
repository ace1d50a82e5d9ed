using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// The real executable: NEXTTAG is on disk (tags/journal.bin, fsynced) before it replies, so a kill -9
/// right after it, with no checkpoint since, never serves an older entry as fresh; a graceful restart
/// keeps entries and tags.
/// </summary>
[Trait(TestTraits.Runs, TestTraits.HostProcess)]
public sealed class NextDurabilityTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory dataDirectory = new("next-durability");

    public void Dispose() => dataDirectory.Dispose();

    [Fact]
    public async Task A_revalidation_survives_kill_9_without_a_checkpoint()
    {
        await using (var first = await RunningHost.StartAsync(dataDirectory.Path))
        {
            await using var client = await RawRespClient.ConnectAsync(first.Port);
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SAVE"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "expired", "v", "TS", "1000", "TAGS", "1", "t"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "stale", "v", "TS", "1000", "TAGS", "1", "s"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "untouched", "v", "TS", "1000", "TAGS", "1", "u"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SAVE"));

            // --save 3600: no checkpoint follows these, only the tag journal has them.
            Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "s", "STALE", "AT", "5000"));
            Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t"));
            first.Process.Kill();
            await first.Process.WaitForExitAsync(ExitTimeout);
        }

        await using var second = await RunningHost.StartAsync(dataDirectory.Path);
        await using var reader = await RawRespClient.ConnectAsync(second.Port);
        Assert.Equal("$-1\\r\\n", await reader.CommandTextAsync("NEXTGET", "expired"));
        Assert.Equal("*5\\r\\n$4\\r\\n1000\\r\\n:5000\\r\\n$0\\r\\n\\r\\n*1\\r\\n$1\\r\\ns\\r\\n$1\\r\\nv\\r\\n", await reader.CommandTextAsync("NEXTGET", "stale"));
        Assert.Equal("*5\\r\\n$4\\r\\n1000\\r\\n:0\\r\\n$0\\r\\n\\r\\n*1\\r\\n$1\\r\\nu\\r\\n$1\\r\\nv\\r\\n", await reader.CommandTextAsync("NEXTGET", "untouched"));
    }

    [Fact]
    public async Task A_graceful_restart_keeps_entries_and_tags()
    {
        await using (var first = await RunningHost.StartAsync(dataDirectory.Path))
        {
            await using var client = await RawRespClient.ConnectAsync(first.Port);
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "kept", "value", "TS", "3000", "META", "{}", "TAGS", "2", "a", "b", "EX", "1000"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "expired", "v", "TS", "1000", "TAGS", "1", "a"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SELECT", "3"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "in-db3", "v", "TS", "1000", "TAGS", "1", "a"));
            Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "a", "AT", "2000"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SELECT", "0"));
            Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "a", "AT", "2000"));
            Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "b", "STALE", "AT", "4000"));

            first.Process.Terminate();
            Assert.Equal(0, await first.Process.WaitForExitAsync(ExitTimeout));
        }

        await using var second = await RunningHost.StartAsync(dataDirectory.Path);
        await using var reader = await RawRespClient.ConnectAsync(second.Port);
        Assert.Equal("*5\\r\\n$4\\r\\n3000\\r\\n:4000\\r\\n$2\\r\\n{}\\r\\n*2\\r\\n$1\\r\\na\\r\\n$1\\r\\nb\\r\\n$5\\r\\nvalue\\r\\n", await reader.CommandTextAsync("NEXTGET", "kept"));
        Assert.InRange(Assert.IsType<long>(RespDecoder.Decode(await reader.CommandAsync("TTL", "kept"))), 900, 1000);
        Assert.Equal("+nextentry\\r\\n", await reader.CommandTextAsync("TYPE", "kept"));
        Assert.Equal("$-1\\r\\n", await reader.CommandTextAsync("NEXTGET", "expired"));
        Assert.Equal("+OK\\r\\n", await reader.CommandTextAsync("SELECT", "3"));
        Assert.Equal("$-1\\r\\n", await reader.CommandTextAsync("NEXTGET", "in-db3"));
    }

    [Fact]
    public async Task A_flushed_database_does_not_get_its_tags_back_after_a_restart()
    {
        string firstOutput;
        await using (var first = await RunningHost.StartAsync(dataDirectory.Path))
        {
            await using var client = await RawRespClient.ConnectAsync(first.Port);
            Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t", "AT", "2000"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("FLUSHDB"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SAVE"));
            first.Process.Kill();
            await first.Process.WaitForExitAsync(ExitTimeout);
            firstOutput = first.Process.Output;
        }

        await using var second = await RunningHost.StartAsync(dataDirectory.Path);
        await using var reader = await RawRespClient.ConnectAsync(second.Port);
        Assert.Equal("+OK\\r\\n", await reader.CommandTextAsync("NEXTSET", "k", "v", "TS", "1000", "TAGS", "1", "t"));
        string entry = await reader.CommandTextAsync("NEXTGET", "k");
        // This failed once in CI (nil: the flushed database's tag counted again) and never since; the servers' logs say which half was lost.
        Assert.True(entry == "*5\\r\\n$4\\r\\n1000\\r\\n:0\\r\\n$0\\r\\n\\r\\n*1\\r\\n$1\\r\\nt\\r\\n$1\\r\\nv\\r\\n",
            $"NEXTGET k replied {entry}\nFirst server:\n{firstOutput}\nSecond server:\n{second.Process.Output}\nData folder: {string.Join(", ", Directory.EnumerateFiles(dataDirectory.Path, "*", SearchOption.AllDirectories))}");
    }
}
