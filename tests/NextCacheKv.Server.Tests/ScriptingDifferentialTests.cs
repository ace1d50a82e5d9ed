using NextCacheKv.Server.Tests.Differential;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>The scripting scripts against a real Redis 7, over RESP2, RESP3 and pipelined.</summary>
public sealed class ScriptingDifferentialTests
{
    public static TheoryData<string> Names => [.. ScriptingScripts.All.Select(script => script.Name)];

    private static DifferentialScript Get(string name) => ScriptingScripts.All.Single(script => script.Name == name);

    [Theory]
    [MemberData(nameof(Names))]
    public Task Script_matches_redis_over_resp2(string script) => DifferentialHarness.CompareOverResp2Async(Get(script).Steps);

    [Theory]
    [MemberData(nameof(Names))]
    public Task Script_matches_redis_over_resp3(string script) => DifferentialHarness.CompareOverResp3Async(Get(script).Steps);

    [Theory]
    [MemberData(nameof(Names))]
    public Task Script_matches_redis_when_pipelined(string script) => DifferentialHarness.ComparePipelinedAsync(Get(script).Steps);
}
