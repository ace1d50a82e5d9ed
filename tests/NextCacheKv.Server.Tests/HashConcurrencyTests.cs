using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>Several connections changing one hash at once lose no update: every change holds the key's lock.</summary>
public sealed class HashConcurrencyTests : ServerClientTest
{
    private const int Clients = 4;
    private const int PerClient = 1000;

    [Fact]
    public async Task Concurrent_increments_and_inserts_on_one_hash_all_count()
    {
        var writers = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => server.ConnectAsync()));
        try
        {
            await Task.WhenAll(writers.Select((writer, w) => Task.Run(async () =>
            {
                for (int i = 0; i < PerClient; i++)
                {
                    // Each round, sent together: increments of shared fields and an insert (every other one deleted) of an own field.
                    await writer.SendAsync(RespCommand.Encode("HINCRBY", "h", "counter", "1"));
                    await writer.SendAsync(RespCommand.Encode("HSET", "h", $"w{w}:{i}", "v"));
                    await writer.SendAsync(RespCommand.Encode("HINCRBYFLOAT", "h", "float", "0.5"));
                    if (i % 2 == 0) await writer.SendAsync(RespCommand.Encode("HDEL", "h", $"w{w}:{i}"));
                    for (int reply = i % 2 == 0 ? 4 : 3; reply > 0; reply--) await writer.ReadReplyAsync();
                }
            })));
        }
        finally
        {
            foreach (var writer in writers) await writer.DisposeAsync();
        }

        Assert.Equal($"${(Clients * PerClient).ToString().Length}\\r\\n{Clients * PerClient}\\r\\n", await client.CommandTextAsync("HGET", "h", "counter"));
        Assert.Equal("$4\\r\\n2000\\r\\n", await client.CommandTextAsync("HGET", "h", "float"));
        Assert.Equal($":{Clients * PerClient / 2 + 2}\\r\\n", await client.CommandTextAsync("HLEN", "h"));
    }
}
