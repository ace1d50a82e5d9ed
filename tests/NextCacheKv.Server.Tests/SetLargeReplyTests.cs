using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// SRANDMEMBER with a large negative count streams its reply as the client reads it, so a client asking
/// for 2^63 picks gets a well-formed beginning and costs the server nothing once it goes away.
/// </summary>
public sealed class SetLargeReplyTests : ServerClientTest
{
    [Fact]
    public async Task A_streamed_reply_is_complete_and_well_formed()
    {
        await client.CommandAsync("SADD", "s", "a", "b", "c");

        var picks = (List<object?>)RespDecoder.Decode(await client.CommandAsync("SRANDMEMBER", "s", "-120000"))!;

        Assert.Equal(120_000, picks.Count);
        Assert.All(picks, pick => Assert.Contains((string)pick!, new[] { "a", "b", "c" }));
        Assert.Equal("+PONG\\r\\n", await client.CommandTextAsync("PING"));
    }

    [Fact]
    public async Task The_same_reply_inside_multi_is_built_whole()
    {
        await client.CommandAsync("SADD", "s", "a");
        await client.CommandAsync("MULTI");
        await client.CommandAsync("SRANDMEMBER", "s", "-110000");

        var exec = (List<object?>)RespDecoder.Decode(await client.CommandAsync("EXEC"))!;

        Assert.Equal(110_000, Assert.IsType<List<object?>>(exec[0]).Count);
    }

    [Fact]
    public async Task A_client_that_leaves_during_an_endless_reply_is_let_go()
    {
        await client.CommandAsync("SADD", "s", "a", "b");
        var greedy = await server.ConnectAsync();
        await greedy.SendAsync(RespCommand.Encode("SRANDMEMBER", "s", "-9223372036854775807"));
        // The endless reply has started: leave with it unread.
        Assert.StartsWith("*9223372036854775807\r\n", System.Text.Encoding.ASCII.GetString(await greedy.ReadStartAsync(64)));
        await greedy.DisposeAsync();

        // The streaming stops once the socket closes, and the connection is released.
        await InfoFields.WaitForConnectedClientsAsync(client, 1, "the greedy client's connection was never released");
        Assert.Equal(":2\\r\\n", await client.CommandTextAsync("SCARD", "s"));
    }
}
