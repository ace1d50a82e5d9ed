using System.Collections.Concurrent;
using System.Text;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests.Lists;

/// <summary>
/// The keyspace events list commands publish, in Redis's order (t_list.c): captured from the server's
/// publish hook, so this does not depend on SUBSCRIBE.
/// </summary>
public sealed class ListKeyspaceEventTests : IAsyncLifetime
{
    private readonly TempDirectory dataDirectory = new("list-events");
    private readonly ConcurrentQueue<string> events = new();
    private CacheServer server = null!;
    private RawRespClient client = null!;

    public async Task InitializeAsync()
    {
        var options = new ServerOptions { Bind = "127.0.0.1", Port = 0, CheckpointIntervalSeconds = 3600 };
        options.Store.Directory = dataDirectory.Path;
        options.Store.MemoryBytes = 64L * 1024 * 1024;
        options.Store.PageBytes = 4L * 1024 * 1024;
        options.Store.IndexBytes = 1L * 1024 * 1024;
        server = new CacheServer(options);
        await server.StartAsync();
        server.KeyspaceEvents.Classes = NotifyClasses.Keyevent | NotifyClasses.Generic | NotifyClasses.List;
        server.KeyspaceEvents.Publish = (channel, message) =>
        {
            string name = Encoding.Latin1.GetString(channel.Span);
            events.Enqueue($"{name[(name.IndexOf(':') + 1)..]} {Encoding.Latin1.GetString(message.Span)}");
        };
        client = await RawRespClient.ConnectAsync(server.EndPoint.Port);
    }

    public async Task DisposeAsync()
    {
        await client.DisposeAsync();
        await server.StopAsync(save: false);
        await server.DisposeAsync();
        dataDirectory.Dispose();
    }

    [Fact]
    public async Task Pushes_pops_and_edits_publish_redis_events()
    {
        await Run(["RPUSH", "l", "a", "b", "c", "d"], ["LPUSHX", "l", "x"], ["RPUSHX", "missing", "x"], ["LPOP", "l"], ["RPOP", "l", "2"],
            ["LSET", "l", "0", "A"], ["LINSERT", "l", "BEFORE", "A", "z"], ["LINSERT", "l", "BEFORE", "nothere", "z"],
            ["LREM", "l", "0", "nothere"], ["LREM", "l", "0", "z"], ["LTRIM", "l", "0", "-1"], ["LPOP", "l", "5"]);

        Assert.Equal(
            ["rpush l", "lpush l", "lpop l", "rpop l", "lset l", "linsert l", "lrem l", "ltrim l", "lpop l", "del l"],
            events);
    }

    [Fact]
    public async Task Moves_trims_and_removals_that_empty_a_list_publish_del()
    {
        await Run(["RPUSH", "src", "a"], ["LMOVE", "src", "dst", "LEFT", "RIGHT"], ["RPOPLPUSH", "dst", "dst"],
            ["LTRIM", "dst", "1", "0"], ["RPUSH", "r", "x"], ["LREM", "r", "0", "x"], ["RPUSH", "m", "y"], ["LMPOP", "1", "m", "RIGHT"]);

        Assert.Equal(
            ["rpush src", "rpush dst", "lpop src", "del src", "lpush dst", "rpop dst", "ltrim dst", "del dst",
             "rpush r", "lrem r", "del r", "rpush m", "rpop m", "del m"],
            events);
    }

    [Fact]
    public async Task Serving_a_blocked_client_publishes_its_pop()
    {
        await using var blocked = await RawRespClient.ConnectAsync(server.EndPoint.Port);
        await blocked.SendAsync(RespCommand.Encode("BLMOVE", "q", "done", "LEFT", "LEFT", "0"));
        var deadline = DateTime.UtcNow + RawRespClient.DefaultTimeout;
        while (server.ListWaiters.BlockedClients == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);

        await Run(["RPUSH", "q", "job"]);
        await blocked.ReadReplyAsync();

        Assert.Equal(["rpush q", "lpush done", "lpop q", "del q"], events);
    }

    private async Task Run(params string[][] commands)
    {
        foreach (var command in commands) await client.CommandAsync(command);
    }
}
