using System.Collections.Concurrent;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests.Lists;

/// <summary>Many blocked consumers and concurrent producers: every element is delivered exactly once.</summary>
public sealed class ListBlockingStressTests : ServerClientTest
{
    private const int Producers = 3;
    private const int Consumers = 4;
    private const int ItemsPerProducer = 300;

    [Fact]
    public async Task Concurrent_producers_and_blocked_consumers_lose_and_duplicate_nothing()
    {
        var received = new ConcurrentBag<string>();
        var consumers = Enumerable.Range(0, Consumers).Select(async index =>
        {
            await using var consumer = await server.ConnectAsync();
            while (true)
            {
                // BLPOP and BRPOPLPUSH alternate so both serving paths take part.
                var reply = index % 2 == 0
                    ? RespDecoder.Decode(await consumer.CommandAsync("BLPOP", "jobs", "0"))
                    : RespDecoder.Decode(await consumer.CommandAsync("BRPOPLPUSH", "jobs", $"taken:{index}", "0"));
                string item = reply is List<object?> pair ? (string)pair[1]! : (string)reply!;
                if (item == "stop") return;
                received.Add(item);
                if (index % 2 == 1) await consumer.CommandAsync("LREM", $"taken:{index}", "1", item);
            }
        }).ToArray();
        var producers = Enumerable.Range(0, Producers).Select(async producer =>
        {
            await using var connection = await server.ConnectAsync();
            for (int i = 0; i < ItemsPerProducer; i++)
                await connection.CommandAsync(i % 3 == 0 ? "LPUSH" : "RPUSH", "jobs", $"{producer}:{i}");
        }).ToArray();
        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromSeconds(60));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received.Count < Producers * ItemsPerProducer && DateTime.UtcNow < deadline) await Task.Delay(10);
        for (int i = 0; i < Consumers; i++) await client.CommandAsync("RPUSH", "jobs", "stop");
        await Task.WhenAll(consumers).WaitAsync(TimeSpan.FromSeconds(30));

        var expected = Enumerable.Range(0, Producers).SelectMany(p => Enumerable.Range(0, ItemsPerProducer).Select(i => $"{p}:{i}")).Order();
        Assert.Equal(expected, received.Order());
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("EXISTS", "jobs"));
    }
}
