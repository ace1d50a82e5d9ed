using NextCacheKv.Server.Tests.Differential;
using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>Every set script against Redis 7: RESP2, RESP3 (sets reply '~'), and pipelined.</summary>
public sealed class SetDifferentialTests
{
    [Theory]
    [MemberData(nameof(SetScripts.Names), MemberType = typeof(SetScripts))]
    public async Task Script_matches_redis_over_resp2(string script)
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(SetScripts.Get(script).Steps);
    }

    [Theory]
    [MemberData(nameof(SetScripts.Names), MemberType = typeof(SetScripts))]
    public async Task Script_matches_redis_over_resp3(string script)
    {
        await using var diff = await DifferentialHarness.StartAsync();
        await diff.RunAsync(Command("HELLO", "3").TypeOnly());

        await diff.RunAsync(SetScripts.Get(script).Steps);
    }

    [Theory]
    [MemberData(nameof(SetScripts.Names), MemberType = typeof(SetScripts))]
    public async Task Script_matches_redis_when_pipelined(string script)
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunPipelinedAsync(SetScripts.Get(script).Steps);
    }
}
