using NextCacheKv.Server.Tests.Differential;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>Every hash script against Redis 7 over RESP2, RESP3 and pipelined.</summary>
public sealed class HashDifferentialTests
{
    [Theory]
    [MemberData(nameof(HashScripts.Names), MemberType = typeof(HashScripts))]
    public Task Script_matches_redis(string script) => DifferentialHarness.CompareOverResp2Async(HashScripts.Get(script).Steps);

    [Theory]
    [MemberData(nameof(HashScripts.Names), MemberType = typeof(HashScripts))]
    public Task Script_matches_redis_over_resp3(string script) => DifferentialHarness.CompareOverResp3Async(HashScripts.Get(script).Steps);

    [Theory]
    [MemberData(nameof(HashScripts.Names), MemberType = typeof(HashScripts))]
    public Task Script_matches_redis_when_pipelined(string script) => DifferentialHarness.ComparePipelinedAsync(HashScripts.Get(script).Steps);
}
