using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>Delivery across connections: order per publisher under load, cleanup on close, CLIENT LIST fields.</summary>
public sealed class PubSubDeliveryTests : ServerClientTest
{
    [Fact]
    public async Task Each_publishers_messages_arrive_in_order()
    {
        await using var subscriber = await server.ConnectAsync();
        await subscriber.CommandAsync("SUBSCRIBE", "ch");
        const int publishers = 4, perPublisher = 2000;
        var tasks = Enumerable.Range(0, publishers).Select(async p =>
        {
            await using var publisher = await server.ConnectAsync();
            // Pipelined in batches, so the publishers really run concurrently.
            for (int start = 0; start < perPublisher; start += 100)
            {
                await publisher.SendAsync([.. Enumerable.Range(start, 100).SelectMany(i => RespCommand.Encode("PUBLISH", "ch", $"{p}:{i}"))]);
                for (int i = 0; i < 100; i++) Assert.Equal(":1\\r\\n", RespText.Escape(await publisher.ReadReplyAsync()));
            }
        }).ToArray();

        var next = new int[publishers];
        for (int received = 0; received < publishers * perPublisher; received++)
        {
            var frame = (List<object?>)RespDecoder.Decode(await subscriber.ReadReplyAsync())!;
            var parts = ((string)frame[2]!).Split(':');
            int p = int.Parse(parts[0]);
            Assert.Equal(next[p]++, int.Parse(parts[1]));
        }
        await Task.WhenAll(tasks);
        Assert.All(next, n => Assert.Equal(perPublisher, n));
    }

    [Fact]
    public async Task Subscribers_coming_and_going_while_publishing_leave_the_server_healthy()
    {
        using var stop = new CancellationTokenSource();
        var publishing = Task.Run(async () =>
        {
            await using var publisher = await server.ConnectAsync();
            long sent = 0;
            while (!stop.IsCancellationRequested)
            {
                await publisher.SendAsync([.. Enumerable.Range(0, 50).SelectMany(i => RespCommand.Encode("PUBLISH", $"churn{i % 3}", "payload"))]);
                for (int i = 0; i < 50; i++) await publisher.ReadReplyAsync();
                sent += 50;
            }
            return sent;
        });
        for (int round = 0; round < 30; round++)
        {
            var subscriber = await server.ConnectAsync();
            await subscriber.CommandAsync("SUBSCRIBE", "churn0");
            await subscriber.CommandAsync("PSUBSCRIBE", "churn*");
            await subscriber.ReadReplyAsync(); // at least one message arrived
            if (round % 2 == 0) await subscriber.CommandAsync("RESET");
            await subscriber.DisposeAsync(); // closes with messages possibly still queued
        }
        stop.Cancel();
        Assert.True(await publishing > 0);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await client.CommandTextAsync("PUBSUB", "NUMPAT") != ":0\\r\\n" && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("PUBSUB", "NUMPAT"));
        Assert.Equal("*0\\r\\n", await client.CommandTextAsync("PUBSUB", "CHANNELS"));
        Assert.True(!server.Log.Any(line => line.Contains("unexpected error")), string.Join("\n", server.Log));
    }

    [Fact]
    public async Task Closing_a_connection_removes_its_subscriptions()
    {
        var subscriber = await server.ConnectAsync();
        await subscriber.CommandAsync("SUBSCRIBE", "a");
        await subscriber.CommandAsync("PSUBSCRIBE", "p*");
        Assert.Equal("*2\\r\\n$1\\r\\na\\r\\n:1\\r\\n", await client.CommandTextAsync("PUBSUB", "NUMSUB", "a"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("PUBSUB", "NUMPAT"));

        await subscriber.DisposeAsync();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await client.CommandTextAsync("PUBSUB", "NUMPAT") != ":0\\r\\n" && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("PUBSUB", "NUMPAT"));
        Assert.Equal("*2\\r\\n$1\\r\\na\\r\\n:0\\r\\n", await client.CommandTextAsync("PUBSUB", "NUMSUB", "a"));
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("PUBLISH", "a", "x"));
    }

    [Fact]
    public async Task Client_list_reports_subscriptions()
    {
        await using var subscriber = await server.ConnectAsync();
        await subscriber.CommandAsync("CLIENT", "SETNAME", "listener");
        await subscriber.CommandAsync("SUBSCRIBE", "a", "b");
        await subscriber.ReadReplyAsync();
        await subscriber.CommandAsync("PSUBSCRIBE", "p*");
        await subscriber.CommandAsync("SSUBSCRIBE", "s");

        var list = (string)RespDecoder.Decode(await client.CommandAsync("CLIENT", "LIST"))!;
        var line = list.Split('\n').Single(l => l.Contains("name=listener"));
        Assert.Contains(" flags=P ", line);
        Assert.Contains(" sub=2 psub=1 ssub=1 ", line);
    }

    [Fact]
    public async Task Client_kill_of_a_subscriber_removes_it()
    {
        await using var subscriber = await server.ConnectAsync();
        var id = (long)RespDecoder.Decode(await subscriber.CommandAsync("CLIENT", "ID"))!;
        await subscriber.CommandAsync("SUBSCRIBE", "a");

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("CLIENT", "KILL", "ID", id.ToString()));

        Assert.True(await subscriber.IsClosedAsync());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await client.CommandTextAsync("PUBLISH", "a", "x") != ":0\\r\\n" && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("PUBLISH", "a", "x"));
    }
}
