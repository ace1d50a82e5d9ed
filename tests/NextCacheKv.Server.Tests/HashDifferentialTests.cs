using NextCacheKv.Server.Tests.Differential;
using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>Every hash script against Redis 7 over RESP2, RESP3 and pipelined.</summary>
public sealed class HashDifferentialTests
{
    [Theory]
    [MemberData(nameof(HashScripts.Names), MemberType = typeof(HashScripts))]
    public async Task Script_matches_redis(string script)
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(HashScripts.Get(script).Steps);
    }

    [Theory]
    [MemberData(nameof(HashScripts.Names), MemberType = typeof(HashScripts))]
    public async Task Script_matches_redis_over_resp3(string script)
    {
        await using var diff = await DifferentialHarness.StartAsync();
        await diff.RunAsync(Command("HELLO", "3").TypeOnly());

        await diff.RunAsync(HashScripts.Get(script).Steps);
    }

    [Theory]
    [MemberData(nameof(HashScripts.Names), MemberType = typeof(HashScripts))]
    public async Task Script_matches_redis_when_pipelined(string script)
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunPipelinedAsync(HashScripts.Get(script).Steps);
    }
}
