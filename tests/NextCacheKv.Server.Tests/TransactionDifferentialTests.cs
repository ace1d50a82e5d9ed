using NextCacheKv.Server.Tests.Differential;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>Transactions compared with Redis 7, in RESP2, RESP3 and pipelined.</summary>
public sealed class TransactionDifferentialTests
{
    [Theory]
    [MemberData(nameof(TransactionScripts.Names), MemberType = typeof(TransactionScripts))]
    public async Task Script_matches_redis(string script)
    {
        await using var diff = await DifferentialHarness.StartAsync();
        await diff.RunAsync(TransactionScripts.Get(script).Steps);
    }

    [Theory]
    [MemberData(nameof(TransactionScripts.Names), MemberType = typeof(TransactionScripts))]
    public async Task Script_matches_redis_in_resp3(string script)
    {
        await using var diff = await DifferentialHarness.StartAsync();
        await diff.RunAsync([DiffStep.Command("HELLO", "3").TypeOnly(), .. TransactionScripts.Get(script).Steps]);
    }

    [Theory]
    [MemberData(nameof(TransactionScripts.Names), MemberType = typeof(TransactionScripts))]
    public async Task Script_matches_redis_when_pipelined(string script)
    {
        await using var diff = await DifferentialHarness.StartAsync();
        await diff.RunPipelinedAsync(TransactionScripts.Get(script).Steps);
    }
}
