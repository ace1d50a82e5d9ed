using System.Collections.Concurrent;
using NextCacheKv.Server.Tests.Infrastructure;
using StackExchange.Redis;

namespace NextCacheKv.Server.Tests;

/// <summary>StackExchange.Redis pub/sub (its dedicated subscription connection) and keyspace events through it.</summary>
public sealed class StackExchangeRedisPubSubTests : IAsyncLifetime
{
    private TestServer server = null!;
    private ConnectionMultiplexer connection = null!;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync();
        connection = await ConnectionMultiplexer.ConnectAsync(
            $"127.0.0.1:{server.Port},allowAdmin=true,abortConnect=true,connectTimeout=5000,syncTimeout=5000,asyncTimeout=5000,connectRetry=0");
    }

    public async Task DisposeAsync()
    {
        if (connection is not null)
            await connection.DisposeAsync();
        if (server is not null)
            await server.DisposeAsync();
    }

    [Fact]
    public async Task Channel_and_pattern_subscriptions_receive_messages_in_order()
    {
        var subscriber = connection.GetSubscriber();
        var received = new ConcurrentQueue<string>();
        var patternReceived = new ConcurrentQueue<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int count = 500;

        var channel = await subscriber.SubscribeAsync(RedisChannel.Literal("orders"));
        channel.OnMessage(message =>
        {
            received.Enqueue(message.Message!);
            if (received.Count == count) done.TrySetResult();
        });
        await subscriber.SubscribeAsync(RedisChannel.Pattern("ord*"), (_, value) => patternReceived.Enqueue(value!));

        var db = connection.GetDatabase();
        for (int i = 0; i < count; i++)
            Assert.Equal(2, await db.PublishAsync(RedisChannel.Literal("orders"), $"order-{i}"));

        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"order-{i}"), received);
        await WaitUntilAsync(() => patternReceived.Count == count);
        Assert.Equal(count, patternReceived.Count);

        await subscriber.UnsubscribeAsync(RedisChannel.Literal("orders"));
        await subscriber.UnsubscribeAsync(RedisChannel.Pattern("ord*"));
        Assert.Equal(0, await db.PublishAsync(RedisChannel.Literal("orders"), "nobody"));
    }

    [Fact]
    public async Task Keyevent_expired_reaches_a_subscriber()
    {
        var db = connection.GetDatabase(1);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        server.ConfigSet("notify-keyspace-events", "Exe");
        var config = server.ConfigGet("notify-keyspace-events");
        Assert.Equal("xeE", config.Single().Value);

        var expired = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await connection.GetSubscriber().SubscribeAsync(RedisChannel.Literal("__keyevent@1__:expired"), (_, key) => expired.TrySetResult(key!));
        await db.StringSetAsync("page:/blog", "html", TimeSpan.FromMilliseconds(50));

        Assert.Equal("page:/blog", await expired.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(10);
    }
}
