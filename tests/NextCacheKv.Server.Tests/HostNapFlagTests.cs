using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>The host's --nap-us flag: on by default, 0 turns napping off, and a bad value stops the start.</summary>
[Trait(TestTraits.Runs, TestTraits.HostProcess)]
public sealed class HostNapFlagTests
{
    [Fact]
    public async Task A_loop_whose_clients_are_busy_naps_by_default()
    {
        using var data = new TempDirectory("host-nap");
        await using var host = await RunningHost.StartAsync(data.Path, "--io-threads", "1");
        await using var observer = await RawRespClient.ConnectAsync(host.Port);

        Assert.True(await BatchNapTests.LoadUntilNappedAsync(host.Port, observer) > 0, "the host's loop, serving 24 pausing clients, never napped");
        Assert.Contains("a loop whose clients are busy naps 20 µs between batches", host.Process.Output);
    }

    [Fact]
    public async Task Zero_turns_napping_off()
    {
        using var data = new TempDirectory("host-nap");
        await using var host = await RunningHost.StartAsync(data.Path, "--io-threads", "1", "--nap-us", "0");
        await using var observer = await RawRespClient.ConnectAsync(host.Port);

        await BatchNapTests.PausingClientsAsync(host.Port, requests: 60);

        Assert.Equal(0, await BatchNapTests.NapsAsync(observer));
        Assert.Contains("napping off", host.Process.Output);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1001")]
    [InlineData("soon")]
    public async Task A_value_outside_0_to_1000_microseconds_is_refused_at_startup(string value)
    {
        await HostProcess.AssertRefusedAtStartupAsync("--nap-us", value);
    }
}
