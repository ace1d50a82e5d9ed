using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// CLIENT REPLY OFF|SKIP|ON: OFF silences every reply until ON (which answers +OK); SKIP silences
/// itself and the next command only. A trailing PING proves nothing extra was sent in between.
/// </summary>
public sealed class ClientReplyTests
{
    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Skip_silences_only_the_next_command(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        await client.SendAsync([.. RespCommand.Encode("CLIENT", "REPLY", "SKIP"), .. RespCommand.Encode("SET", "a", "1"), .. RespCommand.Encode("GET", "a")]);

        Assert.Equal("$1\\r\\n1\\r\\n", await client.ReadReplyTextAsync());
        Assert.Equal("+PONG\\r\\n", await client.CommandTextAsync("PING"));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Off_silences_everything_until_on(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        await client.SendAsync([
            .. RespCommand.Encode("CLIENT", "REPLY", "OFF"),
            .. RespCommand.Encode("SET", "a", "2"),
            .. RespCommand.Encode("GET", "a"),
            .. RespCommand.Encode("NOSUCHCOMMAND"), // errors are silenced too
            .. RespCommand.Encode("CLIENT", "REPLY", "ON"),
        ]);

        Assert.Equal("+OK\\r\\n", await client.ReadReplyTextAsync());
        Assert.Equal("$1\\r\\n2\\r\\n", await client.CommandTextAsync("GET", "a"));
        Assert.Equal("+PONG\\r\\n", await client.CommandTextAsync("PING"));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Off_holds_across_separate_writes(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        await client.SendAsync(RespCommand.Encode("CLIENT", "REPLY", "OFF"));
        await client.SendAsync(RespCommand.Encode("SET", "a", "3"));
        await client.SendAsync("GET a\r\n"); // inline requests are silenced too
        await client.SendAsync(RespCommand.Encode("CLIENT", "REPLY", "ON"));

        Assert.Equal("+OK\\r\\n", await client.ReadReplyTextAsync());
        Assert.Equal("$1\\r\\n3\\r\\n", await client.CommandTextAsync("GET", "a"));
    }

    /// <summary>The corner cases, byte-compared with Redis; silent steps expect no reply at all.</summary>
    [Fact]
    public async Task Combinations_match_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Silent("CLIENT", "REPLY", "SKIP"), Silent("SET", "a", "1"), Command("GET", "a"),
            Silent("CLIENT", "REPLY", "SKIP"), Silent("CLIENT", "REPLY", "SKIP"), Silent("GET", "a"), Command("PING"),
            Silent("CLIENT", "REPLY", "SKIP"), Command("CLIENT", "REPLY", "ON"), Command("GET", "a"),
            Silent("CLIENT", "REPLY", "SKIP"), Silent("NOSUCHCOMMAND"), Command("PING"),
            Silent("CLIENT", "REPLY", "SKIP"), Silent("GET"), Command("PING"),
            Silent("CLIENT", "REPLY", "OFF"), Silent("CLIENT", "REPLY", "SKIP"), Silent("GET", "a"), Command("CLIENT", "REPLY", "ON"),
            Silent("CLIENT", "REPLY", "SKIP"), Silent("CLIENT", "REPLY", "OFF"), Silent("PING"), Command("CLIENT", "REPLY", "ON"),
            Command("PING"));
    }

    /// <summary>Redis 7.0 answers a RESET sent while replies are OFF, but a RESET that SKIP applies to stays silent.</summary>
    [Fact]
    public async Task Reset_turns_replies_back_on_like_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Silent("CLIENT", "REPLY", "OFF"), Silent("INCR", "n"), Command("RESET"),
            Command("GET", "n"),
            Silent("CLIENT", "REPLY", "SKIP"), Silent("RESET"),
            Command("PING"));
    }

    private static DiffStep Silent(params string[] args) =>
        Command(args) with { ReplyCount = 0, Description = $"{RespCommand.Describe(args)} (no reply)" };
}
