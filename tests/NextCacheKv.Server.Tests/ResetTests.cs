using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>RESET returns a connection to its defaults (db 0, no name, RESP2) but keeps the data.</summary>
public sealed class ResetTests
{
    [Fact]
    public async Task Reset_restores_db_name_and_protocol_like_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Command("SET", "k", "v0"),
            Command("SELECT", "3"),
            Command("SET", "k", "v3"),
            Command("CLIENT", "SETNAME", "named"),
            Command("HELLO", "3").TypeOnly(), // server id and version legitimately differ
            Command("GET", "missing"),
            Command("RESET"),
            Command("GET", "missing"), // RESP2 null again
            Command("GET", "k"), // db 0 again
            Command("CLIENT", "GETNAME"),
            Command("SELECT", "3"),
            Command("GET", "k"),
            Command("RESET", "x"));
    }
}
