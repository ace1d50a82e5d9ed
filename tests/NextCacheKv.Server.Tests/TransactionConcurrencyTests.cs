using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>EXEC runs alone: no other client sees half a transaction; WATCH sees writes from other clients.</summary>
public sealed class TransactionConcurrencyTests : ServerClientTest
{
    [Fact]
    public async Task Another_clients_write_fails_the_watching_transaction()
    {
        await using var other = await server.ConnectAsync();
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "balance", "10"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("WATCH", "balance"));
        Assert.Equal(":11\\r\\n", await other.CommandTextAsync("INCR", "balance"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("MULTI"));
        Assert.Equal("+QUEUED\\r\\n", await client.CommandTextAsync("SET", "balance", "0"));
        Assert.Equal("*-1\\r\\n", await client.CommandTextAsync("EXEC"));
        Assert.Equal("$2\\r\\n11\\r\\n", await client.CommandTextAsync("GET", "balance"));
    }

    [Fact]
    public async Task A_write_to_an_unwatched_key_does_not_fail_the_transaction()
    {
        await using var other = await server.ConnectAsync();
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("WATCH", "mine"));
        Assert.Equal("+OK\\r\\n", await other.CommandTextAsync("SET", "theirs", "x"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("MULTI"));
        Assert.Equal("+QUEUED\\r\\n", await client.CommandTextAsync("SET", "mine", "1"));
        Assert.Equal("*1\\r\\n+OK\\r\\n", await client.CommandTextAsync("EXEC"));
    }

    [Fact]
    public async Task Readers_never_see_half_a_transaction()
    {
        const int Transactions = 300;
        await using var reader = await server.ConnectAsync();
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("MSET", "x", "0", "y", "0"));
        var writer = Task.Run(async () =>
        {
            for (int i = 0; i < Transactions; i++)
            {
                await client.SendAsync(RespCommand.Encode("MULTI"));
                await client.SendAsync(RespCommand.Encode("INCR", "x"));
                await client.SendAsync(RespCommand.Encode("INCR", "y"));
                await client.SendAsync(RespCommand.Encode("EXEC"));
                for (int reply = 0; reply < 4; reply++) await client.ReadReplyAsync();
            }
        });
        int reads = 0;
        while (!writer.IsCompleted || reads < 50)
        {
            var values = RespText.Escape(await reader.CommandAsync("MGET", "x", "y"));
            var parts = values.Split("\\r\\n");
            Assert.Equal(parts[2], parts[4]);
            reads++;
        }
        await writer;
        Assert.Equal($"${Transactions.ToString().Length}\\r\\n{Transactions}\\r\\n", await reader.CommandTextAsync("GET", "y"));
    }
}
