using NextCacheKv.Server.Tests.Differential;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>The sorted-set scripts against Redis 7.0: RESP2, RESP3 (nested WITHSCORES pairs, doubles) and pipelined.</summary>
public sealed class DifferentialTestsSortedSets
{
    [Theory]
    [MemberData(nameof(SortedSetScripts.Names), MemberType = typeof(SortedSetScripts))]
    public Task Script_matches_redis_over_resp2(string script) => DifferentialHarness.CompareOverResp2Async(SortedSetScripts.Get(script).Steps);

    [Theory]
    [MemberData(nameof(SortedSetScripts.Names), MemberType = typeof(SortedSetScripts))]
    public Task Script_matches_redis_over_resp3(string script) => DifferentialHarness.CompareOverResp3Async(SortedSetScripts.Get(script).Steps);

    [Theory]
    [MemberData(nameof(SortedSetScripts.Names), MemberType = typeof(SortedSetScripts))]
    public Task Script_matches_redis_when_pipelined(string script) => DifferentialHarness.ComparePipelinedAsync(SortedSetScripts.Get(script).Steps);
}
