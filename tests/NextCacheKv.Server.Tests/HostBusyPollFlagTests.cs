using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>The host's --busy-poll-us flag: on by default, 0 turns polling off, and a bad value stops the start.</summary>
[Trait(TestTraits.Runs, TestTraits.HostProcess)]
public sealed class HostBusyPollFlagTests
{
    [Fact]
    public async Task A_busy_loop_polls_by_default()
    {
        using var data = new TempDirectory("host-busy-poll");
        // A napping loop does not poll: napping off leaves polling to show.
        await using var host = await RunningHost.StartAsync(data.Path, "--io-threads", "1", "--nap-us", "0");
        await using var observer = await RawRespClient.ConnectAsync(host.Port);

        Assert.True(await BusyPollTests.LoadUntilPolledAsync(host.Port, observer) > 0, "the host's loop, kept busy by 8 pipelining clients, never polled");
    }

    [Fact]
    public async Task Zero_turns_polling_off()
    {
        using var data = new TempDirectory("host-busy-poll");
        await using var host = await RunningHost.StartAsync(data.Path, "--io-threads", "1", "--busy-poll-us", "0");
        await using var observer = await RawRespClient.ConnectAsync(host.Port);

        await BusyPollTests.LoadAsync(host.Port, rounds: 60);

        Assert.Equal(0, await BusyPollTests.PollsAsync(observer));
    }

    [Fact]
    public async Task A_runtime_given_fewer_cpus_than_the_process_may_use_does_not_poll_by_default()
    {
        Assert.True(Environment.ProcessorCount >= 2, "this test needs two CPUs, to give the server's runtime fewer than it may use");
        using var data = new TempDirectory("host-busy-poll");
        int port = FreePort.Next();
        // DOTNET_PROCESSOR_COUNT is what a container's CPU quota looks like to the runtime.
        await using var host = HostProcess.Launch(new Dictionary<string, string> { ["DOTNET_PROCESSOR_COUNT"] = "1" },
            HostProcess.StandardArgs(port, data.Path, "--io-threads", "1"));
        await host.WaitUntilReadyAsync();
        await using var observer = await RawRespClient.ConnectAsync(port);

        await BusyPollTests.LoadAsync(port, rounds: 60);

        Assert.Contains("busy polling off: the runtime has 1 of", host.Output);
        Assert.Equal(0, await BusyPollTests.PollsAsync(observer));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1001")]
    [InlineData("soon")]
    public async Task A_value_outside_0_to_1000_microseconds_is_refused_at_startup(string value)
    {
        await HostProcess.AssertRefusedAtStartupAsync("--busy-poll-us", value);
    }
}
