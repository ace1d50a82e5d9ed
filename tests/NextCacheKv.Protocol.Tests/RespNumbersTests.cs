namespace NextCacheKv.Protocol.Tests;

/// <summary>Redis string2ll and strtod acceptance rules, via the request helpers and directly.</summary>
public sealed class RespNumbersTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1", 1L)]
    [InlineData("-1", -1L)]
    [InlineData("1234567890", 1234567890L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Valid_integers_parse(string text, long expected)
    {
        RespRequest request = SingleArgument(text);

        Assert.True(request.TryGetInt64(0, out long value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("01")]
    [InlineData("00")]
    [InlineData("-0")]
    [InlineData("-")]
    [InlineData("+1")]
    [InlineData("1a")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("18446744073709551616")]
    [InlineData("99999999999999999999")]
    [InlineData("000000000000000000001")]
    public void Invalid_integers_are_rejected(string text)
    {
        Assert.False(RespNumbers.TryParseInt64(Sequences.Bytes(text), out _));
    }

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("-1.5", -1.5)]
    [InlineData("+1.5", 1.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1E+3", 1000.0)]
    [InlineData("2.5e-3", 0.0025)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("007", 7.0)]
    [InlineData("0", 0.0)]
    [InlineData("0e999", 0.0)]
    [InlineData("0.1", 0.1)]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    [InlineData("4.9e-324", double.Epsilon)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("+inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("INF", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    public void Valid_doubles_parse(string text, double expected)
    {
        RespRequest request = SingleArgument(text);

        Assert.True(request.TryGetDouble(0, out double value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("\t1")]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("-nan")]
    [InlineData("infin")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("e5")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("+-1")]
    [InlineData("1..2")]
    [InlineData("1,5")]
    [InlineData("0x10")]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1e-400")]
    [InlineData("1\0")]
    public void Invalid_doubles_are_rejected(string text)
    {
        Assert.False(RespNumbers.TryParseDouble(Sequences.Bytes(text), out _));
    }

    [Fact]
    public void Negative_zero_double_keeps_its_sign()
    {
        Assert.True(RespNumbers.TryParseDouble("-0"u8, out double value));
        Assert.True(double.IsNegative(value));
    }

    private static RespRequest SingleArgument(string text)
    {
        var buffer = new System.Buffers.ReadOnlySequence<byte>(Sequences.Bytes($"*1\r\n${text.Length}\r\n{text}\r\n"));
        var request = new RespRequest();
        Assert.Equal(RespParseStatus.Complete, RespReader.TryParse(ref buffer, request, new ProtocolLimits(), out _));
        return request;
    }
}
