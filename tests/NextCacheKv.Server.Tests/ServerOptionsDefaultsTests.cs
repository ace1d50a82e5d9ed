namespace NextCacheKv.Server.Tests;

/// <summary>Defaults that depend on the machine: event loops (three for every four cores, at least one, Redis's advice for io-threads) and busy polling (off under a CPU quota).</summary>
public class ServerOptionsDefaultsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(8, 6)]
    [InlineData(64, 48)]
    public void Loops_leave_a_quarter_of_the_cores_to_the_kernel_and_the_host(int cores, int expected)
        => Assert.Equal(expected, ServerOptions.DefaultIoThreads(cores));

    [Fact]
    public void New_options_take_the_loops_of_this_machine()
        => Assert.Equal(ServerOptions.DefaultIoThreads(Environment.ProcessorCount), new ServerOptions().IoThreads);

    [Theory]
    [InlineData(2, 2, 20)]
    [InlineData(8, 8, 20)]
    [InlineData(64, 64, 20)]
    [InlineData(128, 64, 20)]
    [InlineData(1, 2, 0)]
    [InlineData(4, 16, 0)]
    public void A_busy_loop_polls_unless_the_runtime_has_fewer_cpus_than_the_process_may_use(int processorCount, int affinityCpus, int expected)
        => Assert.Equal(expected, ServerOptions.DefaultBusyPollMicroseconds(processorCount, affinityCpus));
}
