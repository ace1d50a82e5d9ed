using NextCacheKv.Server.Tests.Differential;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>Key commands over every type compared with Redis 7, in RESP2, RESP3 and pipelined.</summary>
public sealed class CrossTypeDifferentialTests
{
    [Theory]
    [MemberData(nameof(CrossTypeScripts.Names), MemberType = typeof(CrossTypeScripts))]
    public Task Script_matches_redis(string script) => DifferentialHarness.CompareOverResp2Async(CrossTypeScripts.Get(script).Steps);

    [Theory]
    [MemberData(nameof(CrossTypeScripts.Names), MemberType = typeof(CrossTypeScripts))]
    public Task Script_matches_redis_in_resp3(string script) => DifferentialHarness.CompareOverResp3Async(CrossTypeScripts.Get(script).Steps);

    [Theory]
    [MemberData(nameof(CrossTypeScripts.Names), MemberType = typeof(CrossTypeScripts))]
    public Task Script_matches_redis_when_pipelined(string script) => DifferentialHarness.ComparePipelinedAsync(CrossTypeScripts.Get(script).Steps);
}
