using NextCacheKv.Server.Tests.Differential;
using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>Long random command sequences must get Redis's replies, one by one and pipelined.</summary>
public sealed class DifferentialTestsRandom
{
    private const int CommandCount = 2000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Random_sequence_matches_redis(int seed)
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(new RandomCommandGenerator(seed).Generate(CommandCount));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Random_pipelined_sequence_matches_redis(int seed)
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunPipelinedAsync(new RandomCommandGenerator(seed).Generate(CommandCount));
    }

    [Theory]
    [InlineData(6)]
    public async Task Random_sequence_matches_redis_over_resp3(int seed)
    {
        await using var diff = await DifferentialHarness.StartAsync();
        await diff.RunAsync(Command("HELLO", "3").TypeOnly());

        await diff.RunAsync(new RandomCommandGenerator(seed).Generate(CommandCount));
    }
}
