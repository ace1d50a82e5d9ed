using NextCacheKv.Server.Tests.Differential;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>Every differential script over RESP2: replies must be byte-identical to Redis 7.</summary>
public sealed class DifferentialTestsResp2
{
    [Theory]
    [MemberData(nameof(AllScripts.Names), MemberType = typeof(AllScripts))]
    public Task Script_matches_redis(string script) => DifferentialHarness.CompareOverResp2Async(AllScripts.Get(script).Steps);

    [Theory]
    [MemberData(nameof(AllScripts.Names), MemberType = typeof(AllScripts))]
    public Task Script_matches_redis_when_pipelined(string script) => DifferentialHarness.ComparePipelinedAsync(AllScripts.Get(script).Steps);
}
