using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Multi-key set commands see and change their keys at one moment: while clients move members back
/// and forth between two sets with SMOVE, a reader never sees a member in both or in neither.
/// </summary>
public sealed class SetAtomicityTests : ServerClientTest
{
    private const int Members = 200;

    [Fact]
    public async Task Readers_never_see_a_move_half_done()
    {
        await client.CommandAsync(["SADD", "left", .. Enumerable.Range(0, Members).Select(i => $"m{i}")]);
        using var stop = new CancellationTokenSource();
        var movers = Enumerable.Range(0, 4).Select(seed => Task.Run(async () =>
        {
            await using var mover = await server.ConnectAsync();
            var random = new Random(seed);
            while (!stop.IsCancellationRequested)
            {
                string member = $"m{random.Next(Members)}";
                await mover.CommandAsync(random.Next(2) == 0 ? ["SMOVE", "left", "right", member] : ["SMOVE", "right", "left", member]);
            }
        })).ToArray();

        for (int i = 0; i < 300; i++)
        {
            Assert.Equal(":0\\r\\n", await client.CommandTextAsync("SINTERCARD", "2", "left", "right"));
            Assert.Equal($":{Members}\\r\\n", await client.CommandTextAsync("SUNIONSTORE", "all", "left", "right"));
            Assert.StartsWith($"*{Members}\\r\\n", await client.CommandTextAsync("SUNION", "left", "right"));
        }
        stop.Cancel();
        await Task.WhenAll(movers);
        Assert.Equal($":{Members}\\r\\n", await client.CommandTextAsync("SUNIONSTORE", "all", "left", "right"));
    }
}
