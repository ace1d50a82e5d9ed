using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// SHUTDOWN sent by the stock redis-cli to the real executable: it exits 0, saving first unless NOSAVE,
/// which a restart on the same folder shows.
/// </summary>
[Trait(TestTraits.Runs, TestTraits.HostProcess)]
public sealed class ShutdownCommandTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory dataDirectory = new("shutdown");

    public void Dispose() => dataDirectory.Dispose();

    [Fact]
    public async Task Shutdown_saves_and_exits_zero()
    {
        string firstOutput;
        await using (var first = await RunningHost.StartAsync(dataDirectory.Path))
        {
            await using var client = await RawRespClient.ConnectAsync(first.Port);
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "kept", "value"));

            var cli = await RedisCli.RunAsync(first.Port, "SHUTDOWN");

            Assert.Equal(0, await first.Process.WaitForExitAsync(ExitTimeout));
            Assert.Equal(0, cli.ExitCode);
            firstOutput = first.Process.Output;
        }

        await using var second = await RunningHost.StartAsync(dataDirectory.Path);
        await using var reader = await RawRespClient.ConnectAsync(second.Port);
        string kept = await reader.CommandTextAsync("GET", "kept");
        // Both servers' logs say whether the checkpoint was written and what the restart recovered.
        Assert.True(kept == "$5\\r\\nvalue\\r\\n", $"GET kept: {kept}\nfirst server:\n{firstOutput}\nsecond server:\n{second.Process.Output}");
    }

    [Fact]
    public async Task Shutdown_nosave_loses_changes_made_since_the_last_save()
    {
        await using (var first = await RunningHost.StartAsync(dataDirectory.Path, "--save", "0"))
        {
            await using var client = await RawRespClient.ConnectAsync(first.Port);
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "saved", "1"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SAVE"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "unsaved", "2"));

            var cli = await RedisCli.RunAsync(first.Port, "SHUTDOWN", "NOSAVE");

            Assert.Equal(0, await first.Process.WaitForExitAsync(ExitTimeout));
            Assert.Equal(0, cli.ExitCode);
        }

        await using var second = await RunningHost.StartAsync(dataDirectory.Path, "--save", "0");
        await using var reader = await RawRespClient.ConnectAsync(second.Port);
        Assert.Equal("$1\\r\\n1\\r\\n", await reader.CommandTextAsync("GET", "saved"));
        Assert.Equal("$-1\\r\\n", await reader.CommandTextAsync("GET", "unsaved"));
        Assert.Equal(":1\\r\\n", await reader.CommandTextAsync("DBSIZE"));
    }

    [Fact]
    public async Task Shutdown_nosave_without_any_save_starts_empty()
    {
        await using (var first = await RunningHost.StartAsync(dataDirectory.Path, "--save", "0"))
        {
            await using var client = await RawRespClient.ConnectAsync(first.Port);
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "unsaved", "2"));

            await RedisCli.RunAsync(first.Port, "SHUTDOWN", "NOSAVE");

            Assert.Equal(0, await first.Process.WaitForExitAsync(ExitTimeout));
        }

        await using var second = await RunningHost.StartAsync(dataDirectory.Path, "--save", "0");
        await using var reader = await RawRespClient.ConnectAsync(second.Port);
        Assert.Equal("$-1\\r\\n", await reader.CommandTextAsync("GET", "unsaved"));
        Assert.Equal(":0\\r\\n", await reader.CommandTextAsync("DBSIZE"));
    }

    [Fact]
    public async Task Shutdown_whose_save_fails_is_an_error_and_the_server_stays_up()
    {
        await using (var first = await RunningHost.StartAsync(dataDirectory.Path, "--save", "0"))
        {
            await using var client = await RawRespClient.ConnectAsync(first.Port);
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "kept", "value"));
            string blocker = FailingCheckpoints.Block(dataDirectory.Path);

            Assert.Equal("-ERR Errors trying to SHUTDOWN. Check logs.\\r\\n", await client.CommandTextAsync("SHUTDOWN"));

            Assert.False(first.Process.HasExited);
            Assert.Equal("$5\\r\\nvalue\\r\\n", await client.CommandTextAsync("GET", "kept"));
            Directory.Delete(blocker);
            await RedisCli.RunAsync(first.Port, "SHUTDOWN");
            Assert.Equal(0, await first.Process.WaitForExitAsync(ExitTimeout));
        }

        await using var second = await RunningHost.StartAsync(dataDirectory.Path, "--save", "0");
        await using var reader = await RawRespClient.ConnectAsync(second.Port);
        Assert.Equal("$5\\r\\nvalue\\r\\n", await reader.CommandTextAsync("GET", "kept"));
    }

    [Fact]
    public async Task Sigterm_whose_final_save_fails_exits_1()
    {
        await using var host = await RunningHost.StartAsync(dataDirectory.Path, "--save", "0");
        await using (var client = await RawRespClient.ConnectAsync(host.Port))
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "unsaved", "value"));
        FailingCheckpoints.Block(dataDirectory.Path);

        host.Process.Terminate();

        Assert.Equal(1, await host.Process.WaitForExitAsync(ExitTimeout));
        Assert.Contains("Final checkpoint failed", host.Process.Output);
    }
}
