namespace NextCacheKv.Server.Tests;

/// <summary>Event loops by default: three for every four cores, at least one (Redis's advice for io-threads).</summary>
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
}
