using System.Text;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// SET and NEXTSET store a value straight from the read buffer's segments (16 KB each) when it straddles
/// them, without gathering it first. One pipeline of writes whose values land at every kind of offset
/// (inside one segment, across one boundary, across several, below and above the 4 KB by-reference
/// size, and a chunked 1 MB+ value) must read back byte for byte, with the replies in order.
/// </summary>
public sealed class SplitValueTests : ServerClientTest
{
    private static readonly int[] Lengths = [1, 100, 4095, 4096, 9000, 16383, 16384, 16385, 33000, 50 * 1024, 200_000, 1_100_000];

    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task Values_straddling_read_segments_are_stored_whole_by_every_string_writer()
    {
        var values = Lengths.Select((length, i) => Pattern(length, i)).ToArray();
        using var pipeline = new MemoryStream();
        for (int i = 0; i < values.Length; i++)
        {
            // An odd-length key shifts every value against the segment boundaries.
            pipeline.Write(RespCommand.Encode(B("SET"), B("s" + new string('x', i)), values[i]));
            pipeline.Write(RespCommand.Encode(B("SETEX"), B("e" + i), B("100"), values[i]));
            pipeline.Write(RespCommand.Encode(B("MSET"), B("m" + i), values[i], B("n" + i), values[(i + 1) % values.Length]));
        }
        await client.SendAsync(pipeline.ToArray());
        for (int i = 0; i < values.Length * 3; i++) Assert.Equal("+OK\r\n", Encoding.ASCII.GetString(await client.ReadReplyAsync(TimeSpan.FromSeconds(30))));

        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(Bulk(values[i]), await client.CommandAsync(B("GET"), B("s" + new string('x', i))));
            Assert.Equal(Bulk(values[i]), await client.CommandAsync(B("GET"), B("e" + i)));
            Assert.Equal(Bulk(values[i]), await client.CommandAsync(B("GET"), B("m" + i)));
            Assert.Equal(Bulk(values[(i + 1) % values.Length]), await client.CommandAsync(B("GET"), B("n" + i)));
        }
    }

    [Fact]
    public async Task Set_options_see_the_old_and_new_values_when_both_straddle_segments()
    {
        var first = Pattern(40_000, 1);
        var second = Pattern(60_000, 2);
        using var pipeline = new MemoryStream();
        pipeline.Write(RespCommand.Encode(B("SET"), B("k"), first, B("NX")));
        pipeline.Write(RespCommand.Encode(B("SET"), B("k"), second, B("NX")));
        pipeline.Write(RespCommand.Encode(B("SET"), B("k"), second, B("XX"), B("GET")));
        pipeline.Write(RespCommand.Encode(B("GETSET"), B("k"), first));
        await client.SendAsync(pipeline.ToArray());

        Assert.Equal("+OK\r\n", Encoding.ASCII.GetString(await client.ReadReplyAsync()));
        Assert.Equal("$-1\r\n", Encoding.ASCII.GetString(await client.ReadReplyAsync()));
        Assert.Equal(Bulk(first), await client.ReadReplyAsync());
        Assert.Equal(Bulk(second), await client.ReadReplyAsync());
        Assert.Equal(Bulk(first), await client.CommandAsync(B("GET"), B("k")));
    }

    [Fact]
    public async Task A_next_entry_straddling_segments_keeps_its_fields_and_value()
    {
        var value = Pattern(70_000, 3);
        await client.SendAsync(RespCommand.Encode(B("NEXTSET"), B("page"), value, B("TS"), B("1000"), B("META"), B("m"), B("TAGS"), B("1"), B("t")));
        Assert.Equal("+OK\r\n", Encoding.ASCII.GetString(await client.ReadReplyAsync()));

        var expected = new MemoryStream();
        expected.Write("*5\r\n$4\r\n1000\r\n:0\r\n$1\r\nm\r\n*1\r\n$1\r\nt\r\n"u8);
        expected.Write(Bulk(value));
        Assert.Equal(expected.ToArray(), await client.CommandAsync(B("NEXTGET"), B("page")));
    }

    private static byte[] B(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Bulk(byte[] value) => [.. Encoding.ASCII.GetBytes($"${value.Length}\r\n"), .. value, .. "\r\n"u8];
}
