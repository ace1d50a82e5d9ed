using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// EXEC runs alone: no other client sees half a transaction. (Which writes by other clients fail a WATCH is
/// compared with Redis in <see cref="WatchInvalidationTests"/>.)
/// </summary>
public sealed class TransactionConcurrencyTests : ServerClientTest
{
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
