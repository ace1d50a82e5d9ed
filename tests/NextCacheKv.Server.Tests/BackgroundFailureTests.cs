using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// An unexpected failure in a periodic checkpoint or a housekeeping pass is logged and they go on once it
/// clears. Before, it ended the periodic checkpoints (and made the shutdown skip the final one), or expiry,
/// compaction and index growth, for the life of the process.
/// </summary>
public sealed class BackgroundFailureTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Periodic_checkpoints_and_active_expiry_go_on_after_an_unexpected_failure()
    {
        var clock = new FailingClock();
        await using var server = await TestServer.StartAsync(options => options.CheckpointIntervalSeconds = 1, clock);
        await using var client = await server.ConnectAsync();
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "soon", "v", "PX", "3000"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "k", "v"));

        clock.Failing = true;
        await UntilAsync(() => server.Log.Any(line => line.Contains("Checkpoint failed: InvalidOperationException"))
            && server.Log.Any(line => line.Contains("Housekeeping pass failed")), "both failures logged", server);
        Assert.Equal(0, await InfoFields.ReadAsync(client, "stats", "expired_keys"));
        clock.Failing = false;

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "k2", "v"));
        await UntilAsync(async () => await InfoFields.ReadAsync(client, "persistence", "rdb_changes_since_last_save") == 0, "a periodic checkpoint after the failure", server);
        // Nobody reads "soon": only active expiry can remove it.
        await UntilAsync(async () => await InfoFields.ReadAsync(client, "stats", "expired_keys") == 1, "active expiry after the failure", server);
    }

    private static Task UntilAsync(Func<bool> condition, string what, TestServer server) => UntilAsync(() => Task.FromResult(condition()), what, server);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, TestServer server)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"never saw {what}; log: {string.Join(" / ", server.Log)}");
            await Task.Delay(50);
        }
    }
}
