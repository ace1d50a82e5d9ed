using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// HRANDFIELD's random cases, which a byte-for-byte comparison with Redis cannot check: distinct fields for
/// a positive count, repeats for a negative one, real values beside their fields, RESP3 pairs nested, and
/// every field reachable after deletions left holes.
/// </summary>
public sealed class HashRandomFieldTests : ServerClientTest
{
    private const int Size = 1000;

    private async Task FillAsync()
    {
        await client.CommandAsync(["HSET", "h", .. Enumerable.Range(0, Size).SelectMany(i => new[] { $"f{i}", $"v{i}" })]);
    }

    private async Task<List<object?>> ListAsync(params string[] args)
        => Assert.IsType<List<object?>>(RespDecoder.Decode(await client.CommandAsync(args)));

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(400)]
    [InlineData(999)]
    public async Task A_positive_count_gives_that_many_distinct_fields(int count)
    {
        await FillAsync();

        var fields = (await ListAsync("HRANDFIELD", "h", count.ToString())).Cast<string>().ToList();

        Assert.Equal(count, fields.Count);
        Assert.Equal(count, fields.Distinct().Count());
        Assert.All(fields, field => Assert.InRange(int.Parse(field[1..]), 0, Size - 1));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(600)]
    public async Task With_values_each_field_comes_with_its_own_value_flat_in_resp2(int count)
    {
        await FillAsync();

        var items = (await ListAsync("HRANDFIELD", "h", count.ToString(), "WITHVALUES")).Cast<string>().ToList();

        Assert.Equal(count * 2, items.Count);
        for (int i = 0; i < items.Count; i += 2) Assert.Equal("v" + items[i][1..], items[i + 1]);
    }

    [Fact]
    public async Task With_values_pairs_are_nested_in_resp3()
    {
        await FillAsync();
        await client.CommandAsync("HELLO", "3");

        var pairs = await ListAsync("HRANDFIELD", "h", "-7", "WITHVALUES");

        Assert.Equal(7, pairs.Count);
        foreach (var pair in pairs)
        {
            var fieldAndValue = Assert.IsType<List<object?>>(pair);
            Assert.Equal(2, fieldAndValue.Count);
            Assert.Equal("v" + ((string)fieldAndValue[0]!)[1..], fieldAndValue[1]);
        }
    }

    [Fact]
    public async Task A_negative_count_repeats_fields_and_may_exceed_the_size()
    {
        await client.CommandAsync("HSET", "h", "a", "1", "b", "2");

        // Larger than one sample batch, so the reply is written in several batches.
        var items = (await ListAsync("HRANDFIELD", "h", "-25000", "WITHVALUES")).Cast<string>().ToList();

        Assert.Equal(50000, items.Count);
        var fields = items.Where((_, i) => i % 2 == 0).ToList();
        Assert.Equal(["a", "b"], fields.Distinct().Order());
        Assert.InRange(fields.Count(f => f == "a"), 10000, 15000);
        Assert.Equal("+PONG\\r\\n", await client.CommandTextAsync("PING"));
    }

    [Fact]
    public async Task Every_field_is_reachable_after_deletions_leave_holes()
    {
        await FillAsync();
        await client.CommandAsync(["HDEL", "h", .. Enumerable.Range(0, Size).Where(i => i % 10 != 0).Select(i => $"f{i}")]);

        var fields = (await ListAsync("HRANDFIELD", "h", "-20000")).Cast<string>().ToList();

        Assert.Equal(Enumerable.Range(0, Size / 10).Select(i => $"f{i * 10}").Order(), fields.Distinct().Order());
        var single = Assert.IsType<string>(RespDecoder.Decode(await client.CommandAsync("HRANDFIELD", "h")));
        Assert.Equal(0, int.Parse(single[1..]) % 10);
    }

    [Fact]
    public async Task A_count_of_at_least_the_size_returns_the_whole_hash_in_order()
    {
        await FillAsync();

        var fields = (await ListAsync("HRANDFIELD", "h", "5000")).Cast<string>().ToList();

        Assert.Equal(Enumerable.Range(0, Size).Select(i => $"f{i}"), fields);
    }

    [Fact]
    public async Task An_endless_negative_count_stops_when_its_client_goes_away()
    {
        await client.CommandAsync("HSET", "h", "a", "1");
        var greedy = await server.ConnectAsync();
        await greedy.SendAsync(RespCommand.Encode("HRANDFIELD", "h", "-9223372036854775807"));
        // The endless reply has started: leave with it unread.
        Assert.StartsWith("*9223372036854775807\r\n", System.Text.Encoding.ASCII.GetString(await greedy.ReadStartAsync(64)));
        await greedy.DisposeAsync();

        // The greedy connection is only unregistered once its command has stopped.
        await InfoFields.WaitForConnectedClientsAsync(client, 1, "the greedy client's connection was never released");
    }

    [Fact]
    public async Task A_long_negative_count_inside_a_transaction_is_written_whole()
    {
        await client.CommandAsync("HSET", "h", "a", "1", "b", "2");
        await client.CommandAsync("MULTI");
        await client.CommandAsync("HRANDFIELD", "h", "-3000");
        await client.CommandAsync("PING");

        var replies = Assert.IsType<List<object?>>(RespDecoder.Decode(await client.CommandAsync("EXEC")));

        Assert.Equal(3000, Assert.IsType<List<object?>>(replies[0]).Count);
        Assert.Equal("PONG", replies[1]);
    }
}
