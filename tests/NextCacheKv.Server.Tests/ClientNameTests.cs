using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>CLIENT SETNAME / GETNAME, including the names Redis rejects; replies are byte-compared with Redis.</summary>
public sealed class ClientNameTests
{
    [Fact]
    public async Task Setname_and_getname_match_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Command("CLIENT", "GETNAME"),
            Command("CLIENT", "SETNAME", "worker-1"),
            Command("CLIENT", "GETNAME"),
            Command("client", "setname", "~!{}"),
            Command("CLIENT", "GETNAME"),
            Command("CLIENT", "SETNAME", ""), // an empty name clears it
            Command("CLIENT", "GETNAME"));
    }

    [Fact]
    public async Task Names_with_spaces_or_special_characters_are_refused_like_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Command("CLIENT", "SETNAME", "kept"),
            Command("CLIENT", "SETNAME", "a b"),
            Command("CLIENT", "SETNAME", "line\nbreak"),
            Command("CLIENT", "SETNAME", "tab\there"),
            Command("CLIENT", "SETNAME", "ctl\x01"),
            Command("CLIENT", "SETNAME", "caf\xe9"),
            Command("CLIENT", "GETNAME"));
    }
}
