using NextCacheKv.Server.Tests.Differential;
using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>Long random sorted-set sequences must get Redis's replies: one by one, pipelined and over RESP3.</summary>
public sealed class DifferentialTestsRandomSortedSets
{
    private const int CommandCount = 3000;

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Random_sequence_matches_redis(int seed)
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(new RandomSortedSetCommandGenerator(seed).Generate(CommandCount));
    }

    [Theory]
    [InlineData(14)]
    public async Task Random_pipelined_sequence_matches_redis(int seed)
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunPipelinedAsync(new RandomSortedSetCommandGenerator(seed).Generate(CommandCount));
    }

    [Theory]
    [InlineData(15)]
    public async Task Random_sequence_matches_redis_over_resp3(int seed)
    {
        await using var diff = await DifferentialHarness.StartAsync();
        await diff.RunAsync(Command("HELLO", "3").TypeOnly());

        await diff.RunAsync(new RandomSortedSetCommandGenerator(seed).Generate(CommandCount));
    }
}
