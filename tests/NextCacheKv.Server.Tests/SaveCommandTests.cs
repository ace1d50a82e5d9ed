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

    [Fact]
    public async Task A_failed_save_is_an_error_shown_in_info_and_the_next_save_succeeds()
    {
        using var data = new TempDirectory("failing-save");
        await using var server = await TestServer.StartAsync(options => options.Store.Directory = data.Path);
        await using var client = await server.ConnectAsync();
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "k", "v"));
        string blocker = FailingCheckpoints.Block(data.Path);

        Assert.StartsWith("-ERR", await client.CommandTextAsync("SAVE"));

        Assert.Equal("err", await LastSaveStatusAsync(client));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "k2", "v2"));
        Directory.Delete(blocker);
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SAVE"));
        Assert.Equal("ok", await LastSaveStatusAsync(client));
        Assert.Equal(0, await ChangesSinceLastSaveAsync(client));
    }

    [Fact]
    public async Task Periodic_checkpoints_go_on_after_one_failed()
    {
        using var data = new TempDirectory("failing-periodic-save");
        await using var server = await TestServer.StartAsync(options =>
        {
            options.Store.Directory = data.Path;
            options.CheckpointIntervalSeconds = 1;
        });
        await using var client = await server.ConnectAsync();
        string blocker = FailingCheckpoints.Block(data.Path);
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "k", "v"));
        var deadline = DateTime.UtcNow + BackgroundSaveTimeout;
        while (await LastSaveStatusAsync(client) != "err")
        {
            Assert.True(DateTime.UtcNow < deadline, "no periodic checkpoint failed; log: " + string.Join(" / ", server.Log));
            await Task.Delay(50);
        }

        Directory.Delete(blocker);

        deadline = DateTime.UtcNow + BackgroundSaveTimeout;
        while (await ChangesSinceLastSaveAsync(client) != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "periodic checkpoints stopped after a failure; log: " + string.Join(" / ", server.Log));
            await Task.Delay(50);
        }
        Assert.Equal("ok", await LastSaveStatusAsync(client));
    }

    [Fact]
    public async Task Info_persistence_counts_writes_held_back_by_checkpoints_from_zero()
    {
        await using var server = await RespServers.StartAsync(RespServers.NextCacheKv);
        await using var client = await server.ConnectAsync();
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "k", "v"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SAVE"));

        var info = Assert.IsType<string>(RespDecoder.Decode(await client.CommandAsync("INFO", "persistence")));

        // A few bytes written during a checkpoint hold nothing back; the storage tests make writes wait.
        Assert.Matches(@"checkpoint_write_waits:0\r\n", info);
        Assert.Matches(@"checkpoint_write_wait_ms:0\r\n", info);
        // Redis's field, for a checkpoint running now (the storage tests see it set while one runs).
        Assert.Matches(@"rdb_bgsave_in_progress:0\r\n", info);
    }

    [Fact]
    public async Task Bgsave_while_one_runs_is_refused_as_in_redis()
    {
        await using var server = await RespServers.StartAsync(RespServers.NextCacheKv);
        await using var client = await server.ConnectAsync();
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "k", "v"));

        // One write: the second and third arrive while the first one's checkpoint runs (SCHEDULE is refused too).
        await client.SendAsync(RespCommand.Encode(["BGSAVE"]).Concat(RespCommand.Encode(["BGSAVE"])).Concat(RespCommand.Encode(["BGSAVE", "SCHEDULE"])).ToArray());

        Assert.Equal("+Background saving started\\r\\n", await client.ReadReplyTextAsync());
        Assert.Equal("-ERR Background save already in progress\\r\\n", await client.ReadReplyTextAsync());
        Assert.Equal("-ERR Background save already in progress\\r\\n", await client.ReadReplyTextAsync());
        var deadline = DateTime.UtcNow + BackgroundSaveTimeout;
        while (await InfoFields.ReadAsync(client, "persistence", "rdb_bgsave_in_progress") != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the background save never ended");
            await Task.Delay(20);
        }
        Assert.Equal("+Background saving started\\r\\n", await client.CommandTextAsync("BGSAVE"));
    }

    [Fact]
    public async Task Bgsave_inside_exec_says_scheduled_as_in_redis()
    {
        await using var server = await RespServers.StartAsync(RespServers.NextCacheKv);
        await using var client = await server.ConnectAsync();
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("MULTI"));
        Assert.Equal("+QUEUED\\r\\n", await client.CommandTextAsync("BGSAVE"));

        Assert.Equal("*1\\r\\n+Background saving scheduled\\r\\n", await client.CommandTextAsync("EXEC"));
    }

    private static async Task<string> LastSaveStatusAsync(RawRespClient client)
    {
        var info = Assert.IsType<string>(RespDecoder.Decode(await client.CommandAsync("INFO", "persistence")));
        return Regex.Match(info, @"rdb_last_bgsave_status:(\w+)").Groups[1].Value;
    }

    private static async Task<long> ChangesSinceLastSaveAsync(RawRespClient client)
    {
        var info = Assert.IsType<string>(RespDecoder.Decode(await client.CommandAsync("INFO", "persistence")));
        return long.Parse(Regex.Match(info, @"rdb_changes_since_last_save:(\d+)").Groups[1].Value);
    }
}
