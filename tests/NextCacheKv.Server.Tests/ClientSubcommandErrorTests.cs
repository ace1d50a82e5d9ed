using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>Unknown CLIENT subcommands and wrong argument counts get Redis's exact error texts.</summary>
public sealed class ClientSubcommandErrorTests
{
    [Fact]
    public async Task Errors_match_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Command("CLIENT"),
            Command("CLIENT", "FOO"),
            Command("CLIENT", "foo", "bar"),
            Command("CLIENT", "GETNAME", "x"),
            Command("CLIENT", "SETNAME"),
            Command("CLIENT", "ID", "x"),
            Command("CLIENT", "INFO", "x"),
            Command("CLIENT", "REPLY"),
            Command("CLIENT", "REPLY", "ON", "x"),
            Command("CLIENT", "REPLY", "MAYBE"),
            Command("CLIENT", "NO-EVICT", "maybe"),
            Command("PING"));
    }
}
