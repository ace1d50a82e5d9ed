using System.Text.RegularExpressions;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>SAVE, BGSAVE and LASTSAVE reply like Redis; both servers run in a temporary folder.</summary>
public sealed class SaveCommandTests
{
    private static readonly TimeSpan BackgroundSaveTimeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Lastsave_is_a_unix_time_near_now(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        long lastSave = Assert.IsType<long>(RespDecoder.Decode(await client.CommandAsync("LASTSAVE")));

        // Without any save yet, Redis reports its start time.
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(lastSave, now - 120, now + 5);
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Save_replies_ok_and_moves_lastsave(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();
        long before = Assert.IsType<long>(RespDecoder.Decode(await client.CommandAsync("LASTSAVE")));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "k", "v"));

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SAVE"));

        long after = Assert.IsType<long>(RespDecoder.Decode(await client.CommandAsync("LASTSAVE")));
        Assert.True(after >= before, $"LASTSAVE went from {before} back to {after}");
        Assert.Equal(0, await ChangesSinceLastSaveAsync(client));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Bgsave_replies_started_and_then_completes(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "k", "v"));

        Assert.Equal("+Background saving started\\r\\n", await client.CommandTextAsync("BGSAVE"));

        // Waiting for the save to finish also keeps it from racing the server's shutdown.
        var deadline = DateTime.UtcNow + BackgroundSaveTimeout;
        while (await ChangesSinceLastSaveAsync(client) != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"BGSAVE did not finish within {BackgroundSaveTimeout.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    private static async Task<long> ChangesSinceLastSaveAsync(RawRespClient client)
    {
        var info = Assert.IsType<string>(RespDecoder.Decode(await client.CommandAsync("INFO", "persistence")));
        return long.Parse(Regex.Match(info, @"rdb_changes_since_last_save:(\d+)").Groups[1].Value);
    }
}
