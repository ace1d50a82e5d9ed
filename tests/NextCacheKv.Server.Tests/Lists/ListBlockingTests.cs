using System.Text.RegularExpressions;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests.Lists;

/// <summary>
/// BLPOP and friends over real sockets with several clients. A test waits until INFO reports the
/// expected number of blocked clients before pushing, so nothing depends on timing.
/// </summary>
public sealed partial class ListBlockingTests : ServerClientTest
{
    [Fact]
    public async Task Blpop_returns_the_element_another_client_pushes()
    {
        await using var blocked = await server.ConnectAsync();
        await blocked.SendAsync(RespCommand.Encode("BLPOP", "queue", "0"));
        await WaitForBlockedClientsAsync(1);

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("RPUSH", "queue", "job"));

        Assert.Equal("*2\\r\\n$5\\r\\nqueue\\r\\n$3\\r\\njob\\r\\n", RespText.Escape(await blocked.ReadReplyAsync()));
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("EXISTS", "queue"));
        await WaitForBlockedClientsAsync(0);
    }

    [Fact]
    public async Task Brpop_on_several_keys_is_served_by_the_key_that_fills()
    {
        await using var blocked = await server.ConnectAsync();
        await blocked.SendAsync(RespCommand.Encode("BRPOP", "first", "second", "0"));
        await WaitForBlockedClientsAsync(1);

        await client.CommandAsync("RPUSH", "second", "a", "b");

        Assert.Equal("*2\\r\\n$6\\r\\nsecond\\r\\n$1\\r\\nb\\r\\n", RespText.Escape(await blocked.ReadReplyAsync()));
        Assert.Equal("*1\\r\\n$1\\r\\na\\r\\n", await client.CommandTextAsync("LRANGE", "second", "0", "-1"));
    }

    [Fact]
    public async Task Timeout_returns_a_null_array_in_resp2_and_a_null_in_resp3()
    {
        Assert.Equal("*-1\\r\\n", await client.CommandTextAsync("BLPOP", "nothing", "0.05"));
        Assert.Equal("*-1\\r\\n", await client.CommandTextAsync("BLMOVE", "nothing", "dst", "LEFT", "LEFT", "0.05"));

        await client.CommandAsync("HELLO", "3");
        Assert.Equal("_\\r\\n", await client.CommandTextAsync("BRPOP", "nothing", "0.05"));
        Assert.Equal("_\\r\\n", await client.CommandTextAsync("BLMPOP", "0.05", "1", "nothing", "LEFT"));
        await WaitForBlockedClientsAsync(0);
    }

    [Fact]
    public async Task Blocked_clients_are_served_first_come_first_served()
    {
        var waiting = new List<RawRespClient>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                var blocked = await server.ConnectAsync();
                waiting.Add(blocked);
                await blocked.SendAsync(RespCommand.Encode("BLPOP", "fifo", "0"));
                await WaitForBlockedClientsAsync(i + 1);
            }

            // One element wakes only the first; then two more wake the next two in order.
            await client.CommandAsync("RPUSH", "fifo", "one");
            Assert.Equal("*2\\r\\n$4\\r\\nfifo\\r\\n$3\\r\\none\\r\\n", RespText.Escape(await waiting[0].ReadReplyAsync()));
            await WaitForBlockedClientsAsync(2);
            await client.CommandAsync("RPUSH", "fifo", "two", "three");

            Assert.Equal("*2\\r\\n$4\\r\\nfifo\\r\\n$3\\r\\ntwo\\r\\n", RespText.Escape(await waiting[1].ReadReplyAsync()));
            Assert.Equal("*2\\r\\n$4\\r\\nfifo\\r\\n$5\\r\\nthree\\r\\n", RespText.Escape(await waiting[2].ReadReplyAsync()));
            Assert.Equal(":0\\r\\n", await client.CommandTextAsync("LLEN", "fifo"));
        }
        finally
        {
            foreach (var blocked in waiting) await blocked.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_pusher_sees_the_element_already_taken_by_the_blocked_client()
    {
        await using var blocked = await server.ConnectAsync();
        await blocked.SendAsync(RespCommand.Encode("BLPOP", "k", "0"));
        await WaitForBlockedClientsAsync(1);

        // Pipelined: Redis serves the blocked client right after RPUSH, before LLEN runs.
        await client.SendAsync(RespCommand.Encode("RPUSH", "k", "v").Concat(RespCommand.Encode("LLEN", "k")).ToArray());

        Assert.Equal(":1\\r\\n", await client.ReadReplyTextAsync());
        Assert.Equal(":0\\r\\n", await client.ReadReplyTextAsync());
        Assert.Equal("*2\\r\\n$1\\r\\nk\\r\\n$1\\r\\nv\\r\\n", RespText.Escape(await blocked.ReadReplyAsync()));
    }

    [Fact]
    public async Task Blmove_moves_the_pushed_element_and_wakes_a_client_blocked_on_the_destination()
    {
        await using var mover = await server.ConnectAsync();
        await using var consumer = await server.ConnectAsync();
        await mover.SendAsync(RespCommand.Encode("BLMOVE", "source", "destination", "RIGHT", "LEFT", "0"));
        await WaitForBlockedClientsAsync(1);
        await consumer.SendAsync(RespCommand.Encode("BRPOPLPUSH", "destination", "final", "0"));
        await WaitForBlockedClientsAsync(2);

        await client.CommandAsync("RPUSH", "source", "x");

        Assert.Equal("$1\\r\\nx\\r\\n", RespText.Escape(await mover.ReadReplyAsync()));
        Assert.Equal("$1\\r\\nx\\r\\n", RespText.Escape(await consumer.ReadReplyAsync()));
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("EXISTS", "source", "destination"));
        Assert.Equal("*1\\r\\n$1\\r\\nx\\r\\n", await client.CommandTextAsync("LRANGE", "final", "0", "-1"));
    }

    [Fact]
    public async Task Blmove_whose_destination_became_another_type_gets_wrongtype_and_leaves_the_element()
    {
        await using var blocked = await server.ConnectAsync();
        await blocked.SendAsync(RespCommand.Encode("BLMOVE", "source", "destination", "LEFT", "LEFT", "0"));
        await WaitForBlockedClientsAsync(1);
        await client.CommandAsync("SET", "destination", "text");

        await client.CommandAsync("RPUSH", "source", "x");

        Assert.Equal("-WRONGTYPE Operation against a key holding the wrong kind of value\\r\\n", RespText.Escape(await blocked.ReadReplyAsync()));
        Assert.Equal("*1\\r\\n$1\\r\\nx\\r\\n", await client.CommandTextAsync("LRANGE", "source", "0", "-1"));
    }

    [Fact]
    public async Task Blmpop_pops_up_to_count_from_the_list_that_fills()
    {
        await using var blocked = await server.ConnectAsync();
        await blocked.SendAsync(RespCommand.Encode("BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "2"));
        await WaitForBlockedClientsAsync(1);

        await client.CommandAsync("RPUSH", "b", "1", "2", "3");

        Assert.Equal("*2\\r\\n$1\\r\\nb\\r\\n*2\\r\\n$1\\r\\n3\\r\\n$1\\r\\n2\\r\\n", RespText.Escape(await blocked.ReadReplyAsync()));
    }

    [Fact]
    public async Task A_client_that_disconnects_while_blocked_is_removed_and_takes_nothing()
    {
        var blocked = await server.ConnectAsync();
        await blocked.SendAsync(RespCommand.Encode("BLPOP", "k", "0"));
        await WaitForBlockedClientsAsync(1);

        await blocked.DisposeAsync();
        await WaitForBlockedClientsAsync(0);

        await client.CommandAsync("RPUSH", "k", "kept");
        Assert.Equal("*1\\r\\n$4\\r\\nkept\\r\\n", await client.CommandTextAsync("LRANGE", "k", "0", "-1"));
    }

    [Fact]
    public async Task Client_kill_ends_a_blocked_client()
    {
        await using var blocked = await server.ConnectAsync();
        string id = RespText.Escape(await blocked.CommandAsync("CLIENT", "ID"))[1..^4];
        await blocked.SendAsync(RespCommand.Encode("BLPOP", "k", "0"));
        await WaitForBlockedClientsAsync(1);

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("CLIENT", "KILL", "ID", id));

        Assert.True(await blocked.IsClosedAsync());
        await WaitForBlockedClientsAsync(0);
    }

    [Fact]
    public async Task Blocking_commands_inside_multi_answer_at_once()
    {
        await client.CommandAsync("MULTI");
        await client.CommandAsync("BLPOP", "empty", "0");
        await client.CommandAsync("BLMOVE", "empty", "dst", "LEFT", "LEFT", "0");

        Assert.Equal("*2\\r\\n*-1\\r\\n$-1\\r\\n", await client.CommandTextAsync("EXEC"));
        await WaitForBlockedClientsAsync(0);
    }

    [Fact]
    public async Task A_push_inside_exec_serves_the_blocked_client_after_the_transaction()
    {
        await using var blocked = await server.ConnectAsync();
        await blocked.SendAsync(RespCommand.Encode("BLPOP", "k", "0"));
        await WaitForBlockedClientsAsync(1);

        await client.CommandAsync("MULTI");
        await client.CommandAsync("RPUSH", "k", "a", "b");
        await client.CommandAsync("LPOP", "k");
        Assert.Equal("*2\\r\\n:2\\r\\n$1\\r\\na\\r\\n", await client.CommandTextAsync("EXEC"));

        Assert.Equal("*2\\r\\n$1\\r\\nk\\r\\n$1\\r\\nb\\r\\n", RespText.Escape(await blocked.ReadReplyAsync()));
    }

    [Fact]
    public async Task A_blocked_client_holds_back_neither_transactions_nor_its_own_earlier_replies()
    {
        await using var blocked = await server.ConnectAsync();
        await blocked.SendAsync(RespCommand.Encode("PING").Concat(RespCommand.Encode("BLPOP", "k", "0")).Concat(RespCommand.Encode("PING")).ToArray());
        Assert.Equal("+PONG\\r\\n", RespText.Escape(await blocked.ReadReplyAsync()));
        await WaitForBlockedClientsAsync(1);

        await client.CommandAsync("MULTI");
        await client.CommandAsync("SET", "x", "1");
        Assert.Equal("*1\\r\\n+OK\\r\\n", await client.CommandTextAsync("EXEC"));

        await client.CommandAsync("LPUSH", "k", "v");
        Assert.Equal("*2\\r\\n$1\\r\\nk\\r\\n$1\\r\\nv\\r\\n", RespText.Escape(await blocked.ReadReplyAsync()));
        // The command pipelined after BLPOP runs once BLPOP is answered.
        Assert.Equal("+PONG\\r\\n", RespText.Escape(await blocked.ReadReplyAsync()));
    }

    [Fact]
    public async Task Rename_copy_and_move_onto_a_waited_key_serve_the_blocked_client()
    {
        await using var blocked = await server.ConnectAsync();
        await blocked.SendAsync(RespCommand.Encode("BLPOP", "k", "0"));
        await WaitForBlockedClientsAsync(1);
        await client.CommandAsync("RPUSH", "elsewhere", "renamed");
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("RENAME", "elsewhere", "k"));
        Assert.Equal("*2\\r\\n$1\\r\\nk\\r\\n$7\\r\\nrenamed\\r\\n", RespText.Escape(await blocked.ReadReplyAsync()));

        await blocked.SendAsync(RespCommand.Encode("BLPOP", "k", "0"));
        await WaitForBlockedClientsAsync(1);
        await client.CommandAsync("RPUSH", "original", "copied");
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("COPY", "original", "k"));
        Assert.Equal("*2\\r\\n$1\\r\\nk\\r\\n$6\\r\\ncopied\\r\\n", RespText.Escape(await blocked.ReadReplyAsync()));

        await blocked.SendAsync(RespCommand.Encode("BLPOP", "k", "0"));
        await WaitForBlockedClientsAsync(1);
        await client.CommandAsync("SELECT", "1");
        await client.CommandAsync("RPUSH", "k", "moved");
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("MOVE", "k", "0"));
        Assert.Equal("*2\\r\\n$1\\r\\nk\\r\\n$5\\r\\nmoved\\r\\n", RespText.Escape(await blocked.ReadReplyAsync()));
    }

    [Fact]
    public async Task Swapdb_bringing_a_list_in_serves_the_blocked_client()
    {
        await using var blocked = await server.ConnectAsync();
        await blocked.SendAsync(RespCommand.Encode("BLPOP", "k", "0"));
        await WaitForBlockedClientsAsync(1);
        await client.CommandAsync("SELECT", "2");
        await client.CommandAsync("RPUSH", "k", "swapped");

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SWAPDB", "0", "2"));

        Assert.Equal("*2\\r\\n$1\\r\\nk\\r\\n$7\\r\\nswapped\\r\\n", RespText.Escape(await blocked.ReadReplyAsync()));
    }

    private async Task WaitForBlockedClientsAsync(int expected)
    {
        var deadline = DateTime.UtcNow + RawRespClient.DefaultTimeout;
        int current = -1;
        while (DateTime.UtcNow < deadline)
        {
            var info = RespText.Escape(await client.CommandAsync("INFO", "clients"));
            current = int.Parse(BlockedClients().Match(info).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (current == expected) return;
            await Task.Delay(10);
        }
        Assert.Fail($"INFO reports {current} blocked clients, expected {expected}");
    }

    [GeneratedRegex(@"blocked_clients:(\d+)")]
    private static partial Regex BlockedClients();
}
