using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests.Lists;

/// <summary>The list scripts and random list sequences against Redis 7: RESP2, RESP3 and pipelined.</summary>
public sealed class ListDifferentialTests
{
    private const int RandomCommandCount = 1500;

    [Theory]
    [MemberData(nameof(ListScripts.Names), MemberType = typeof(ListScripts))]
    public Task Script_matches_redis_over_resp2(string script) => DifferentialHarness.CompareOverResp2Async(ListScripts.Get(script).Steps);

    [Theory]
    [MemberData(nameof(ListScripts.Names), MemberType = typeof(ListScripts))]
    public Task Script_matches_redis_over_resp3(string script) => DifferentialHarness.CompareOverResp3Async(ListScripts.Get(script).Steps);

    [Theory]
    [MemberData(nameof(ListScripts.Names), MemberType = typeof(ListScripts))]
    public Task Script_matches_redis_when_pipelined(string script) => DifferentialHarness.ComparePipelinedAsync(ListScripts.Get(script).Steps);

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Random_list_sequence_matches_redis(int seed)
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(new RandomListCommandGenerator(seed).Generate(RandomCommandCount));
    }

    [Fact]
    public async Task Random_list_sequence_matches_redis_when_pipelined()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunPipelinedAsync(new RandomListCommandGenerator(13).Generate(RandomCommandCount));
    }

    [Fact]
    public async Task Random_list_sequence_matches_redis_over_resp3()
    {
        await using var diff = await DifferentialHarness.StartAsync();
        await diff.RunAsync(Command("HELLO", "3").TypeOnly());

        await diff.RunAsync(new RandomListCommandGenerator(14).Generate(RandomCommandCount));
    }
}
