using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>The test client's own reply framing, checked without a server so harness bugs show up here first.</summary>
public sealed class RespFramingTests
{
    [Theory]
    [InlineData("+OK\r\n")]
    [InlineData("-ERR bad\r\n")]
    [InlineData(":-42\r\n")]
    [InlineData("$5\r\nhe\r\no\r\n")]
    [InlineData("$0\r\n\r\n")]
    [InlineData("$-1\r\n")]
    [InlineData("*-1\r\n")]
    [InlineData("*0\r\n")]
    [InlineData("*2\r\n$1\r\na\r\n*1\r\n:1\r\n")]
    [InlineData("_\r\n")]
    [InlineData(",3.14\r\n")]
    [InlineData("#t\r\n")]
    [InlineData("(12345678901234567890\r\n")]
    [InlineData("=8\r\ntxt:abcd\r\n")]
    [InlineData("!3\r\nERR\r\n")]
    [InlineData("%1\r\n+key\r\n*2\r\n_\r\n:1\r\n")]
    [InlineData("~2\r\n+a\r\n+b\r\n")]
    [InlineData(">2\r\n+message\r\n$1\r\nx\r\n")]
    [InlineData("|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n")]
    public void Complete_reply_is_measured_exactly_even_with_trailing_bytes(string reply)
    {
        var bytes = RespText.Bytes(reply + "+NEXT\r\n");

        Assert.Equal(reply.Length, RespFraming.MeasureReply(bytes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("+OK")]
    [InlineData("+OK\r")]
    [InlineData("$5\r\nhel")]
    [InlineData("$5\r\nhello\r")]
    [InlineData("*2\r\n:1\r\n")]
    [InlineData("%1\r\n+key\r\n")]
    [InlineData("|1\r\n+ttl\r\n:3\r\n")]
    public void Incomplete_reply_needs_more_bytes(string partial)
    {
        Assert.Equal(-1, RespFraming.MeasureReply(RespText.Bytes(partial)));
    }

    [Fact]
    public void Unknown_type_byte_is_rejected()
    {
        Assert.Throws<FormatException>(() => RespFraming.MeasureReply(RespText.Bytes("?x\r\n")));
    }

    [Fact]
    public void Sorting_elements_makes_key_order_irrelevant()
    {
        var first = RespText.Bytes("*3\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n");
        var second = RespText.Bytes("*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n");

        Assert.Equal(RespAggregate.WithSortedElements(first), RespAggregate.WithSortedElements(second));
    }

    [Fact]
    public void Decoder_reads_nested_values()
    {
        var value = RespDecoder.Decode(RespText.Bytes("*4\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n:7\r\n_\r\n"));

        Assert.Equal(new List<object?> { "0", new List<object?> { "k" }, 7L, null }, value);
    }
}
