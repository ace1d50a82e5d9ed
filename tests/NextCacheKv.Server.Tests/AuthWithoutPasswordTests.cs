using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>AUTH on a server without requirepass: the default user takes any password, a bare password is a mistake.</summary>
public sealed class AuthWithoutPasswordTests
{
    [Fact]
    public async Task Auth_replies_match_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Command("AUTH", "x"),
            Command("AUTH", "default", "x"),
            Command("AUTH", "default", ""),
            Command("AUTH", "nobody", "x"),
            Command("AUTH", "a", "b", "c"),
            Command("HELLO", "3", "AUTH", "default", "anything").TypeOnly(), // id and version differ
            Command("AUTH", "x"),
            Command("PING"));
    }
}
