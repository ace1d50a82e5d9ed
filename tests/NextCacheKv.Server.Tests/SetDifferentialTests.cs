using NextCacheKv.Server.Tests.Differential;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>Every set script against Redis 7: RESP2, RESP3 (sets reply '~'), and pipelined.</summary>
public sealed class SetDifferentialTests
{
    [Theory]
    [MemberData(nameof(SetScripts.Names), MemberType = typeof(SetScripts))]
    public Task Script_matches_redis_over_resp2(string script) => DifferentialHarness.CompareOverResp2Async(SetScripts.Get(script).Steps);

    [Theory]
    [MemberData(nameof(SetScripts.Names), MemberType = typeof(SetScripts))]
    public Task Script_matches_redis_over_resp3(string script) => DifferentialHarness.CompareOverResp3Async(SetScripts.Get(script).Steps);

    [Theory]
    [MemberData(nameof(SetScripts.Names), MemberType = typeof(SetScripts))]
    public Task Script_matches_redis_when_pipelined(string script) => DifferentialHarness.ComparePipelinedAsync(SetScripts.Get(script).Steps);
}
