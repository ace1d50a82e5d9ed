using NextCacheKv.Server.Tests.Differential;
using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>The sorted-set scripts against Redis 7.0: RESP2, RESP3 (nested WITHSCORES pairs, doubles) and pipelined.</summary>
public sealed class DifferentialTestsSortedSets
{
    [Theory]
    [MemberData(nameof(SortedSetScripts.Names), MemberType = typeof(SortedSetScripts))]
    public async Task Script_matches_redis_over_resp2(string script)
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(SortedSetScripts.Get(script).Steps);
    }

    [Theory]
    [MemberData(nameof(SortedSetScripts.Names), MemberType = typeof(SortedSetScripts))]
    public async Task Script_matches_redis_over_resp3(string script)
    {
        await using var diff = await DifferentialHarness.StartAsync();
        await diff.RunAsync(Command("HELLO", "3").TypeOnly());

        await diff.RunAsync(SortedSetScripts.Get(script).Steps);
    }

    [Theory]
    [MemberData(nameof(SortedSetScripts.Names), MemberType = typeof(SortedSetScripts))]
    public async Task Script_matches_redis_when_pipelined(string script)
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunPipelinedAsync(SortedSetScripts.Get(script).Steps);
    }
}
