using NextCacheKv.Server.Tests.Differential;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>Transactions compared with Redis 7, in RESP2, RESP3 and pipelined.</summary>
public sealed class TransactionDifferentialTests
{
    [Theory]
    [MemberData(nameof(TransactionScripts.Names), MemberType = typeof(TransactionScripts))]
    public Task Script_matches_redis(string script) => DifferentialHarness.CompareOverResp2Async(TransactionScripts.Get(script).Steps);

    [Theory]
    [MemberData(nameof(TransactionScripts.Names), MemberType = typeof(TransactionScripts))]
    public Task Script_matches_redis_in_resp3(string script) => DifferentialHarness.CompareOverResp3Async(TransactionScripts.Get(script).Steps);

    [Theory]
    [MemberData(nameof(TransactionScripts.Names), MemberType = typeof(TransactionScripts))]
    public Task Script_matches_redis_when_pipelined(string script) => DifferentialHarness.ComparePipelinedAsync(TransactionScripts.Get(script).Steps);
}
