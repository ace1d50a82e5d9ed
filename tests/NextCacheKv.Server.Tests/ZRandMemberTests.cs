using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>ZRANDMEMBER's random answers: sizes, distinctness, membership and scores, in both protocols.</summary>
public sealed class ZRandMemberTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Random_answers_have_the_promised_shape(int protocol)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        if (protocol == 3) await client.CommandAsync("HELLO", "3");
        var zadd = new List<string> { "ZADD", "z" };
        for (int i = 0; i < 300; i++) zadd.AddRange([(i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture), $"m{i}"]);
        await client.CommandAsync([.. zadd]);

        var single = Assert.IsType<string>(RespDecoder.Decode(await client.CommandAsync("ZRANDMEMBER", "z")));
        Assert.StartsWith("m", single);

        foreach (int count in new[] { 5, 150, 299 })
        {
            var distinct = Members(await client.CommandAsync("ZRANDMEMBER", "z", count.ToString()));
            Assert.Equal(count, distinct.Count);
            Assert.Equal(count, distinct.Distinct().Count());
            Assert.All(distinct, member => Assert.InRange(int.Parse(member[1..]), 0, 299));
        }

        var repeated = Members(await client.CommandAsync("ZRANDMEMBER", "z", "-1000"));
        Assert.Equal(1000, repeated.Count);
        Assert.True(repeated.Distinct().Count() < 1000, "1000 picks out of 300 members must repeat some");

        var reply = Assert.IsType<List<object?>>(RespDecoder.Decode(await client.CommandAsync("ZRANDMEMBER", "z", "-20", "WITHSCORES")));
        var pairs = protocol == 3
            ? reply.Select(pair => Assert.IsType<List<object?>>(pair)).Select(pair => (Member: (string)pair[0]!, Score: Convert.ToDouble(pair[1], System.Globalization.CultureInfo.InvariantCulture))).ToList()
            : [.. reply.Chunk(2).Select(pair => (Member: (string)pair[0]!, Score: double.Parse((string)pair[1]!, System.Globalization.CultureInfo.InvariantCulture)))];
        Assert.Equal(20, pairs.Count);
        Assert.All(pairs, pair => Assert.Equal(int.Parse(pair.Member[1..]) * 0.5, pair.Score));
    }

    private static List<string> Members(byte[] reply) =>
        [.. Assert.IsType<List<object?>>(RespDecoder.Decode(reply)).Select(member => Assert.IsType<string>(member))];
}
