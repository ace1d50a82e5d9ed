using System.Buffers;
using System.Globalization;
using System.Text;

namespace NextCacheKv.Protocol.Tests;

/// <summary>
/// NEXTGET's timestamp text (<see cref="RespDouble.TryFormatRoundTrip"/>) must be byte for byte what
/// ToString("R") prints, fast path or not; and <see cref="RespSpanFormatter"/> must write what RespWriter writes.
/// </summary>
public sealed class RespRoundTripFormatTests
{
    [Theory]
    [InlineData(0d)]
    [InlineData(1d)]
    [InlineData(-1d)]
    [InlineData(1000.5d)]
    [InlineData(1795000000000d)]
    [InlineData(1795000000000.25d)]
    [InlineData(999999999999999d)]
    [InlineData(-999999999999999d)]
    [InlineData(1e15d)]
    [InlineData(-1e15d)]
    [InlineData(1e15d + 2)]
    [InlineData(123456789012345678d)]
    [InlineData(1e300d)]
    [InlineData(5e-324d)]
    [InlineData(0.1d)]
    public void Matches_R_format(double value) => AssertMatchesR(value);

    [Fact]
    public void Matches_R_format_for_random_timestamps_and_doubles()
    {
        AssertMatchesR(-0.0);
        var random = new Random(20261126);
        for (int i = 0; i < 20_000; i++)
        {
            AssertMatchesR(random.NextInt64(-2_000_000_000_000_000, 2_000_000_000_000_000));
            AssertMatchesR(random.NextInt64(0, 4_000_000_000_000) + (random.Next(4) / 4.0));
            double bits = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (double.IsFinite(bits)) AssertMatchesR(bits);
        }
    }

    [Fact]
    public void Span_formatter_writes_what_RespWriter_writes()
    {
        var expected = new ArrayBufferWriter<byte>();
        expected.WriteArrayHeader(5);
        expected.WriteBulkString("1000"u8);
        expected.WriteInteger(-42);
        expected.WriteBulkString(""u8);
        expected.WriteArrayHeader(0);
        expected.WriteInteger(long.MinValue);

        var buffer = new byte[6 * RespSpanFormatter.HeaderSize + RespSpanFormatter.BulkStringSize(4) + RespSpanFormatter.BulkStringSize(0)];
        var formatter = new RespSpanFormatter(buffer);
        formatter.ArrayHeader(5);
        formatter.BulkString("1000"u8);
        formatter.Integer(-42);
        formatter.BulkString(""u8);
        formatter.ArrayHeader(0);
        formatter.Integer(long.MinValue);

        Assert.Equal(Encoding.ASCII.GetString(expected.WrittenSpan), Encoding.ASCII.GetString(buffer, 0, formatter.Written));
    }

    private static void AssertMatchesR(double value)
    {
        Span<byte> text = stackalloc byte[RespDouble.MaxFormattedLength];
        Assert.True(RespDouble.TryFormatRoundTrip(value, text, out int written));
        Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture), Encoding.ASCII.GetString(text[..written]));
    }
}
