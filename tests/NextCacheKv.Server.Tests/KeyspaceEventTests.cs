using NextCacheKv.Server.Tests.Infrastructure;
using NextCacheKv.Server.Tests.PubSub;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Keyspace notifications: a subscriber to <c>__key*__:*</c> must receive exactly redis-server's
/// sequence of events for the same commands (and the commands the same replies).
/// </summary>
public sealed class KeyspaceEventTests
{
    private static readonly string[][] StringCommands =
    [
        ["SET", "s", "v"],
        ["SET", "s", "v2", "EX", "100"],
        ["SET", "s", "v3", "NX"],
        ["SET", "missing", "v", "XX"],
        ["SET", "s", "v4", "KEEPTTL", "GET"],
        ["SETNX", "s", "x"],
        ["SETNX", "s2", "x"],
        ["SETEX", "s3", "100", "x"],
        ["PSETEX", "s4", "100000", "x"],
        ["GETSET", "s", "v5"],
        ["MSET", "m1", "a", "m2", "b"],
        ["MSETNX", "m1", "a", "m3", "c"],
        ["MSETNX", "m4", "a", "m5", "c"],
        ["APPEND", "s", "tail"],
        ["APPEND", "newappend", "x"],
        ["SETRANGE", "s", "1", "XY"],
        ["SETRANGE", "s", "1", ""],
        ["SETRANGE", "nokey", "0", ""],
        ["INCR", "n"],
        ["DECRBY", "n", "5"],
        ["INCRBY", "s", "1"],
        ["INCRBYFLOAT", "f", "1.5"],
        ["GETDEL", "m2"],
        ["GETDEL", "m2"],
        ["GETEX", "m1", "EX", "100"],
        ["GETEX", "m1", "PERSIST"],
        ["GETEX", "m1", "PERSIST"],
        ["GETEX", "m1"],
        ["GETEX", "m3", "PXAT", "1"],
        ["GET", "s"],
    ];

    private static readonly string[][] KeyCommands =
    [
        ["MSET", "a", "1", "b", "2", "c", "3"],
        ["DEL", "a", "nothere", "b"],
        ["UNLINK", "c"],
        ["SET", "e", "1"],
        ["EXPIRE", "e", "100"],
        ["EXPIRE", "e", "50", "NX"],
        ["PEXPIRE", "e", "200000", "GT"],
        ["EXPIREAT", "e", "99999999999"],
        ["PERSIST", "e"],
        ["PERSIST", "e"],
        ["PEXPIREAT", "e", "1"],
        ["EXISTS", "e"],
        ["SET", "e2", "1"],
        ["EXPIRE", "e2", "-5"],
        ["SET", "r", "1", "EX", "100"],
        ["RENAME", "r", "r2"],
        ["RENAME", "r2", "r2"],
        ["SET", "t", "x"],
        ["RENAME", "t", "r2"],
        ["RENAMENX", "r2", "t2"],
        ["RENAMENX", "t2", "t2"],
        ["SET", "u", "1"],
        ["RENAMENX", "t2", "u"],
        ["RENAME", "missing", "x"],
        ["COPY", "u", "u2"],
        ["COPY", "u", "u2"],
        ["COPY", "u", "u2", "REPLACE"],
        ["COPY", "u", "u3", "DB", "2"],
        ["MOVE", "u", "3"],
        ["MOVE", "missing", "3"],
        ["SELECT", "3"],
        ["SET", "in3", "x"],
        ["DEL", "u", "in3"],
        ["SWAPDB", "0", "3"],
        ["FLUSHDB"],
        ["SELECT", "0"],
        ["FLUSHALL"],
    ];

    [Fact]
    public async Task String_commands_publish_redis_events()
    {
        var transcript = await KeyspaceTranscript.AssertSameAsRedisAsync("KEA", StringCommands);
        foreach (var name in new[] { "set", "expire", "append", "setrange", "incrby", "incrbyfloat", "del", "persist" })
            Assert.Contains(transcript, line => line.Contains($"__keyevent@0__:{name}\\r\\n"));
    }

    [Fact]
    public async Task Generic_commands_publish_redis_events()
    {
        var transcript = await KeyspaceTranscript.AssertSameAsRedisAsync("KEA", KeyCommands);
        foreach (var name in new[] { "del", "expire", "persist", "rename_from", "rename_to", "copy_to", "move_from" })
            Assert.Contains(transcript, line => line.Contains($"__keyevent@0__:{name}\\r\\n"));
        Assert.Contains(transcript, line => line.Contains("__keyevent@2__:copy_to"));
        Assert.Contains(transcript, line => line.Contains("__keyevent@3__:move_to"));
    }

    [Theory]
    [InlineData("Eg")]
    [InlineData("K$")]
    [InlineData("KEx")]
    [InlineData("E")]
    [InlineData("")]
    public Task Only_enabled_classes_and_channels_publish(string events) => KeyspaceTranscript.AssertSameAsRedisAsync(events, [.. StringCommands, .. KeyCommands]);

    /// <summary>Active expiry off on both sides: reads and writes that meet an expired key report "expired".</summary>
    [Fact]
    public async Task Lazy_expiry_publishes_expired()
    {
        var transcript = await KeyspaceTranscript.AssertSameAsRedisAsync("KEA",
        [
            ["SET", "k1", "v", "PX", "50"],
            ["SET", "k2", "v", "PX", "50"],
            ["SET", "k3", "v", "PX", "50"],
            ["SLEEP", "200"],
            ["GET", "k1"],
            ["SET", "k2", "new"],
            ["DEL", "k3"],
            ["GET", "k1"],
        ],
        redisArgs: ["--enable-debug-command", "yes"],
        configure: o => o.ActiveExpiryIntervalMs = 3_600_000,
        redisSetup: [["DEBUG", "SET-ACTIVE-EXPIRE", "0"]]);
        Assert.Equal(3, transcript.Count(line => line.Contains("__keyevent@0__:expired")));
    }

    [Fact]
    public async Task Active_expiry_publishes_expired()
    {
        var transcript = await KeyspaceTranscript.AssertSameAsRedisAsync("KEA",
        [
            ["SET", "k1", "v", "PX", "50"],
            ["SELECT", "1"],
            ["SET", "k2", "v", "PX", "80"],
            ["AWAIT-EMPTY"],
            ["SELECT", "0"],
            ["AWAIT-EMPTY"],
        ],
        configure: o => { o.ActiveExpiryIntervalMs = 20; o.ActiveExpiryCycleMs = 50; });
        Assert.Contains(transcript, line => line.Contains("__keyevent@0__:expired"));
        Assert.Contains(transcript, line => line.Contains("__keyevent@1__:expired"));
    }

    [Fact]
    public async Task Next_cache_handler_requirements_hold()
    {
        // @trieb.work/nextjs-turbo-redis-cache checks CONFIG GET notify-keyspace-events for E plus (A or x and e).
        var transcript = await KeyspaceTranscript.AssertSameAsRedisAsync("Exe",
        [
            ["CONFIG", "GET", "notify-keyspace-events"],
            ["SELECT", "1"],
            ["SET", "page", "html", "PX", "50"],
            ["AWAIT-EMPTY"],
        ]);
        Assert.Contains(transcript, line => line.Contains("__keyevent@1__:expired"));
    }

    [Fact]
    public async Task Config_notify_keyspace_events_matches_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();
        string[][] commands = [["CONFIG", "GET", "notify-keyspace-events"]];
        foreach (var value in new[] { "KEA", "Ex", "gmnKE$lshzxetd", "Egn$lshzxetdm", "n", "ndxKm", "K", "AA", "d$", "Q", "KEA ", "x", "" })
        {
            await diff.RunCommandsAsync(["CONFIG", "SET", "notify-keyspace-events", value]);
            await diff.RunCommandsAsync(["CONFIG", "GET", "notify-keyspace-events"]);
        }
    }
}
