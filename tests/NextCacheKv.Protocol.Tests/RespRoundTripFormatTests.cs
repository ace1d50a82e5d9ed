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

    [Theory]
    [InlineData(0L)]
    [InlineData(9L)]
    [InlineData(10L)]
    [InlineData(99L)]
    [InlineData(100L)]
    [InlineData(-1L)]
    [InlineData(-42L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Span_formatter_writes_what_RespWriter_writes(long number)
    {
        var bulk = new byte[Math.Clamp(number, 0, 1000)];
        var expected = new ArrayBufferWriter<byte>();
        expected.WriteInteger(number);
        expected.WriteBulkString(bulk);
        if (number is >= 0 and <= int.MaxValue) expected.WriteArrayHeader((int)number);

        var buffer = new byte[3 * RespSpanFormatter.HeaderSize + RespSpanFormatter.BulkStringSize(bulk.Length)];
        var formatter = new RespSpanFormatter(buffer);
        formatter.Integer(number);
        formatter.BulkString(bulk);
        if (number is >= 0 and <= int.MaxValue) formatter.ArrayHeader((int)number);

        Assert.Equal(Encoding.ASCII.GetString(expected.WrittenSpan), Encoding.ASCII.GetString(buffer, 0, formatter.Written));
    }

    private static void AssertMatchesR(double value)
    {
        Span<byte> text = stackalloc byte[RespDouble.MaxFormattedLength];
        Assert.True(RespDouble.TryFormatRoundTrip(value, text, out int written));
        Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture), Encoding.ASCII.GetString(text[..written]));
    }
}
