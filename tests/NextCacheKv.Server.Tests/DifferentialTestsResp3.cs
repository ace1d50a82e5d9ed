using NextCacheKv.Server.Tests.Differential;
using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>The same scripts after HELLO 3: nulls become '_', while Redis 7 keeps INCRBYFLOAT a bulk string.</summary>
public sealed class DifferentialTestsResp3
{
    [Theory]
    [MemberData(nameof(AllScripts.Names), MemberType = typeof(AllScripts))]
    public Task Script_matches_redis(string script) => DifferentialHarness.CompareOverResp3Async(AllScripts.Get(script).Steps);

    [Fact]
    public async Task Hello_switches_protocols_like_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Command("GET", "missing"),
            Command("HELLO", "3").TypeOnly(),
            Command("GET", "missing"),
            Command("MGET", "missing", "missing"),
            Command("HELLO", "2").TypeOnly(),
            Command("GET", "missing"),
            Command("HELLO", "4"),
            Command("HELLO", "1"),
            Command("HELLO", "abc"),
            Command("HELLO", "3", "BADOPTION"),
            Command("HELLO").TypeOnly(),
            Command("GET", "missing"));
    }

    [Fact]
    public async Task Hello_3_reports_protocol_3_in_its_map()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var hello = RespDecoder.Decode(await client.CommandAsync("HELLO", "3"));

        var fields = Assert.IsType<List<object?>>(hello);
        var proto = fields.IndexOf("proto");
        Assert.True(proto >= 0, "HELLO reply has no 'proto' field");
        Assert.Equal(3L, fields[proto + 1]);
    }
}
