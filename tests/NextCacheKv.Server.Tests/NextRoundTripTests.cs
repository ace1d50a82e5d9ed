using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// NEXTSET then NEXTGET over a real socket gives back every field byte for byte, in the exact
/// [ts, staleAt, meta, [tags…], value] shape the cache handler decodes, in RESP2 and RESP3.
/// </summary>
public sealed class NextRoundTripTests : ServerClientTest
{
    private static readonly TimeSpan LargeReplyTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_field_comes_back_in_resp2()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync(
            "NEXTSET", "page", "<html>", "TS", "1000", "META", "{\"revalidate\":60}", "TAGS", "2", "posts", "_N_T_/blog", "EX", "100"));

        Assert.Equal(
            "*5\\r\\n$4\\r\\n1000\\r\\n:0\\r\\n$17\\r\\n{\\\"revalidate\\\":60}\\r\\n*2\\r\\n$5\\r\\nposts\\r\\n$10\\r\\n_N_T_/blog\\r\\n$6\\r\\n<html>\\r\\n",
            await client.CommandTextAsync("NEXTGET", "page"));
        Assert.Equal(":100\\r\\n", await client.CommandTextAsync("TTL", "page"));
    }

    [Fact]
    public async Task Resp3_keeps_the_same_shape_and_a_miss_is_resp3_nil()
    {
        await client.CommandAsync("HELLO", "3");
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "k", "v", "TS", "1000", "META", "m", "TAGS", "1", "t"));

        Assert.Equal("*5\\r\\n$4\\r\\n1000\\r\\n:0\\r\\n$1\\r\\nm\\r\\n*1\\r\\n$1\\r\\nt\\r\\n$1\\r\\nv\\r\\n", await client.CommandTextAsync("NEXTGET", "k"));
        Assert.Equal("_\\r\\n", await client.CommandTextAsync("NEXTGET", "missing"));
    }

    [Fact]
    public async Task An_entry_rewritten_smaller_then_larger_in_its_record_reads_whole_each_time()
    {
        // The record keeps the first entry's size: the second lives in it with padding, the third grows back into it.
        foreach (int length in new[] { 60_000, 100, 30_000, 59_990 })
        {
            string value = new((char)('a' + length % 26), length);
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "page", value, "TS", "1000", "META", "m" + length, "TAGS", "1", "t"));
            string expected = $"*5\r\n$4\r\n1000\r\n:0\r\n${("m" + length).Length}\r\nm{length}\r\n*1\r\n$1\r\nt\r\n${length}\r\n{value}\r\n";
            Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(await client.CommandAsync("NEXTGET", "page")));
        }
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t"));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "page"));
    }

    [Fact]
    public async Task A_miss_is_a_nil_bulk_in_resp2()
    {
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "missing"));
    }

    [Fact]
    public async Task Binary_value_meta_and_tags_are_kept_byte_for_byte()
    {
        // NUL, CR LF and high bytes must neither end nor split a field.
        byte[] value = [0, 13, 10, 255, 0, 36, 13, 10];
        byte[] meta = [13, 10, 0, 42];
        byte[] tag = [116, 0, 13, 10];
        Assert.Equal("+OK\\r\\n", RespText.Escape(await client.CommandAsync(
            Bytes("NEXTSET"), Bytes("bin"), value, Bytes("TS"), Bytes("1000"), Bytes("META"), meta, Bytes("TAGS"), Bytes("1"), tag)));

        var reply = await client.CommandAsync("NEXTGET", "bin");

        byte[] expected = [.. Bytes("*5\r\n$4\r\n1000\r\n:0\r\n$4\r\n"), .. meta, .. Bytes("\r\n*1\r\n$4\r\n"), .. tag, .. Bytes("\r\n$8\r\n"), .. value, .. Bytes("\r\n")];
        Assert.Equal(RespText.Escape(expected), RespText.Escape(reply));
    }

    [Fact]
    public async Task Empty_meta_and_no_tags_are_an_empty_bulk_and_an_empty_array()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "explicit", "v", "TS", "1000", "META", "", "TAGS", "0"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "omitted", "v", "TS", "1000"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "empty-value", "", "TS", "1000"));

        Assert.Equal("*5\\r\\n$4\\r\\n1000\\r\\n:0\\r\\n$0\\r\\n\\r\\n*0\\r\\n$1\\r\\nv\\r\\n", await client.CommandTextAsync("NEXTGET", "explicit"));
        Assert.Equal("*5\\r\\n$4\\r\\n1000\\r\\n:0\\r\\n$0\\r\\n\\r\\n*0\\r\\n$1\\r\\nv\\r\\n", await client.CommandTextAsync("NEXTGET", "omitted"));
        Assert.Equal("*5\\r\\n$4\\r\\n1000\\r\\n:0\\r\\n$0\\r\\n\\r\\n*0\\r\\n$0\\r\\n\\r\\n", await client.CommandTextAsync("NEXTGET", "empty-value"));
    }

    [Fact]
    public async Task A_fractional_timestamp_keeps_its_fraction()
    {
        // 'use cache' timestamps come from performance.timeOrigin + now(), which has a fraction.
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "k", "v", "TS", "1700000000000.5"));

        Assert.StartsWith("*5\\r\\n$15\\r\\n1700000000000.5\\r\\n:0\\r\\n", await client.CommandTextAsync("NEXTGET", "k"));
    }

    [Fact]
    public async Task A_tag_named_like_an_option_is_just_a_tag()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "k", "v", "TS", "1000", "TAGS", "3", "EX", "NX", "META", "PX", "5000"));

        Assert.Equal("*5\\r\\n$4\\r\\n1000\\r\\n:0\\r\\n$0\\r\\n\\r\\n*3\\r\\n$2\\r\\nEX\\r\\n$2\\r\\nNX\\r\\n$4\\r\\nMETA\\r\\n$1\\r\\nv\\r\\n",
            await client.CommandTextAsync("NEXTGET", "k"));
        // "PX 5000" after the tags is still the expiry.
        Assert.InRange(Assert.IsType<long>(RespDecoder.Decode(await client.CommandAsync("PTTL", "k"))), 1, 5000);
    }

    [Fact]
    public async Task A_five_megabyte_value_round_trips_through_chunks()
    {
        var value = new byte[5 * 1024 * 1024];
        new Random(5).NextBytes(value);
        await client.SendAsync(RespCommand.Encode(Bytes("NEXTSET"), Bytes("big"), value, Bytes("TS"), Bytes("1000"), Bytes("META"), Bytes("m"), Bytes("TAGS"), Bytes("1"), Bytes("t")));
        Assert.Equal("+OK\\r\\n", RespText.Escape(await client.ReadReplyAsync(LargeReplyTimeout)));

        await client.SendAsync(RespCommand.Encode("NEXTGET", "big"));
        var reply = await client.ReadReplyAsync(LargeReplyTimeout);

        var header = Bytes($"*5\r\n$4\r\n1000\r\n:0\r\n$1\r\nm\r\n*1\r\n$1\r\nt\r\n${value.Length}\r\n");
        Assert.Equal(header.Length + value.Length + 2, reply.Length);
        Assert.Equal(RespText.Escape(header), RespText.Escape(reply.AsSpan(0, header.Length)));
        Assert.True(value.AsSpan().SequenceEqual(reply.AsSpan(header.Length, value.Length)), "the 5 MB value came back changed");
        Assert.Equal("\\r\\n", RespText.Escape(reply.AsSpan(reply.Length - 2)));
    }

    [Fact]
    public async Task Nx_stores_only_when_the_key_is_missing()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "k", "first", "TS", "1000", "NX"));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTSET", "k", "second", "TS", "2000", "NX"));
        Assert.Equal("*5\\r\\n$4\\r\\n1000\\r\\n:0\\r\\n$0\\r\\n\\r\\n*0\\r\\n$5\\r\\nfirst\\r\\n", await client.CommandTextAsync("NEXTGET", "k"));

        // Any key counts as present, whatever its type.
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "plain", "x"));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTSET", "plain", "v", "NX"));
        Assert.Equal("$1\\r\\nx\\r\\n", await client.CommandTextAsync("GET", "plain"));
    }

    [Fact]
    public async Task Without_nx_a_new_entry_replaces_the_old_one()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "k", "old", "TS", "1000", "TAGS", "1", "a"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "k", "new", "TS", "2000", "TAGS", "1", "b"));

        Assert.Equal("*5\\r\\n$4\\r\\n2000\\r\\n:0\\r\\n$0\\r\\n\\r\\n*1\\r\\n$1\\r\\nb\\r\\n$3\\r\\nnew\\r\\n", await client.CommandTextAsync("NEXTGET", "k"));
    }

    private static byte[] Bytes(string text) => RespText.Bytes(text);
}
