using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>TIME: two bulk strings, Unix seconds and the microseconds within that second.</summary>
public sealed class TimeTests
{
    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Time_is_seconds_and_microseconds_near_now(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        var reply = await client.CommandAsync("TIME");

        Assert.Matches(@"^\*2\\r\\n\$\d+\\r\\n\d+\\r\\n\$\d+\\r\\n\d+\\r\\n$", RespText.Escape(reply));
        var parts = Assert.IsType<List<object?>>(RespDecoder.Decode(reply));
        long seconds = long.Parse(Assert.IsType<string>(parts[0]));
        long microseconds = long.Parse(Assert.IsType<string>(parts[1]));
        Assert.InRange(seconds, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60);
        Assert.InRange(microseconds, 0, 999_999);
    }
}
