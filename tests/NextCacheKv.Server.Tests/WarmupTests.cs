using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>The host's startup warm-up runs against a throwaway server: the real one starts empty and untouched.</summary>
[Trait(TestTraits.Runs, TestTraits.HostProcess)]
public sealed class WarmupTests
{
    [Fact]
    public async Task The_warm_up_runs_before_listening_and_leaves_nothing_behind()
    {
        using var data = new TempDirectory("host-warmup");
        // The later flag wins over the standard arguments' "--warmup no".
        await using var host = await RunningHost.StartAsync(data.Path, "--warmup", "yes");

        string output = host.Process.Output;
        // A native build has nothing to compile and says so instead.
        string expected = HostExecutable.IsNativeBuild ? "Native build: no warm-up needed" : "Warmed up the hot paths";
        int warmed = output.IndexOf(expected, StringComparison.Ordinal);
        Assert.True(warmed >= 0, output);
        Assert.True(warmed < output.IndexOf("Ready to accept connections", StringComparison.Ordinal), output);
        Assert.DoesNotContain("Warm-up skipped", output);
        await using var client = await RawRespClient.ConnectAsync(host.Port);
        Assert.Equal("*0\\r\\n", await client.CommandTextAsync("KEYS", "*"));
        Assert.Equal("$12\\r\\n# Keyspace\\r\\n\\r\\n", await client.CommandTextAsync("INFO", "keyspace"));
        Assert.Equal("*0\\r\\n", await client.CommandTextAsync("PUBSUB", "CHANNELS"));
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), $"nextcachekv-warmup-{host.Process.ProcessId}"));
    }

    [Fact]
    public async Task An_invalid_warmup_value_is_refused()
    {
        using var data = new TempDirectory("host-warmup");
        await using var host = HostProcess.Launch(HostProcess.StandardArgs(FreePort.Next(), data.Path, "--warmup", "maybe"));

        Assert.NotEqual(0, await host.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("--warmup", host.Output);
    }
}
