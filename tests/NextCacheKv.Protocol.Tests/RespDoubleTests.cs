namespace NextCacheKv.Protocol.Tests;

/// <summary>Double formatting. Expected "%.17g" strings were produced by glibc printf.</summary>
public sealed class RespDoubleTests
{
    [Theory]
    [InlineData(3d, "3")]
    [InlineData(0.1d, "0.10000000000000001")]
    [InlineData(1.5d, "1.5")]
    [InlineData(-0.0d, "-0")]
    [InlineData(0d, "0")]
    [InlineData(1e300d, "1.0000000000000001e+300")]
    [InlineData(1e21d, "1e+21")]
    [InlineData(1e-5d, "1.0000000000000001e-05")]
    [InlineData(3.14d, "3.1400000000000001")]
    [InlineData(-2.5d, "-2.5")]
    [InlineData(100d, "100")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "nan")]
    [InlineData(-2554450164.8684583d, "-2554450164.8684583")]
    [InlineData(7.951935655656967e-08d, "7.9519356556569673e-08")]
    [InlineData(8.41510964482267e+30d, "8.4151096448226698e+30")]
    [InlineData(-922324996665.4169d, "-922324996665.41687")]
    [InlineData(8.403481205226677e-29d, "8.4034812052266769e-29")]
    [InlineData(9.433567169983137e+19d, "9.4335671699831374e+19")]
    [InlineData(-51853253699.09766d, "-51853253699.097656")]
    [InlineData(1.1320596465314435e-20d, "1.1320596465314435e-20")]
    [InlineData(8.684454578650953d, "8.6844545786509535")]
    [InlineData(-5.437608592359304e-06d, "-5.4376085923593038e-06")]
    [InlineData(2493307.144426866d, "2493307.144426866")]
    [InlineData(2.1672980046384812e+16d, "21672980046384812")]
    [InlineData(-1.8207566377777873e-13d, "-1.8207566377777873e-13")]
    [InlineData(7.657254516291418e+25d, "7.657254516291418e+25")]
    [InlineData(7.619254275943859e-20d, "7.6192542759438587e-20")]
    [InlineData(-1.3876741839890316e-26d, "-1.3876741839890316e-26")]
    [InlineData(4448356861.375215d, "4448356861.3752146")]
    [InlineData(1.774862202534644e-24d, "1.7748622025346441e-24")]
    [InlineData(-5.313137244108091e+23d, "-5.3131372441080912e+23")]
    [InlineData(2.1548116922473226e+19d, "2.1548116922473226e+19")]
    [InlineData(8.724077654368018e-20d, "8.7240776543680185e-20")]
    [InlineData(-3.1365136773495363e-12d, "-3.1365136773495363e-12")]
    [InlineData(5.392234688708106e-18d, "5.3922346887081062e-18")]
    [InlineData(62573019567712.77d, "62573019567712.773")]
    [InlineData(0.0001d, "0.0001")]
    [InlineData(0.00012345d, "0.00012344999999999999")]
    [InlineData(1e16d, "10000000000000000")]
    [InlineData(1e17d, "1e+17")]
    [InlineData(9007199254740993d, "9007199254740992")]
    [InlineData(9.2233720368547758e18d, "9.2233720368547758e+18")]
    [InlineData(5e-324d, "4.9406564584124654e-324")]
    [InlineData(1.7976931348623157e308d, "1.7976931348623157e+308")]
    [InlineData(-1e-300d, "-1e-300")]
    [InlineData(1e15d, "1000000000000000")]
    [InlineData(123.456d, "123.456")]
    [InlineData(99999999999999990d, "99999999999999984")]
    [InlineData(1e-320d, "9.9998886718268301e-321")]
    [InlineData(1234.5d, "1234.5")]
    [InlineData(0.5d, "0.5")]
    [InlineData(2.2250738585072014e-308d, "2.2250738585072014e-308")]
    public void Formats_like_printf_17g(double value, string expected)
    {
        Span<byte> destination = stackalloc byte[RespDouble.MaxFormattedLength];

        Assert.True(RespDouble.TryFormat(value, destination, out int written));
        Assert.Equal(expected, Sequences.Text(destination[..written]));
    }

    [Theory]
    [InlineData(3d, "3")]
    [InlineData(10.5d, "10.5")]
    [InlineData(5e3d, "5000")]
    [InlineData(0.1d, "0.1")]
    [InlineData(3.14d, "3.14")]
    [InlineData(0.1d + 0.2d, "0.30000000000000004")]
    [InlineData(-2.5d, "-2.5")]
    [InlineData(-0.0d, "0")]
    [InlineData(1e21d, "1000000000000000000000")]
    [InlineData(1.5e-10d, "0.00000000015")]
    [InlineData(1e-5d, "0.00001")]
    [InlineData(1.23456e-15d, "0.00000000000000123")]
    [InlineData(1e-20d, "0")]
    [InlineData(-1e-20d, "0")]
    [InlineData(123456789.125d, "123456789.125")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Formats_human_friendly_like_incrbyfloat(double value, string expected)
    {
        Span<byte> destination = stackalloc byte[RespDouble.MaxHumanFriendlyLength];

        Assert.True(RespDouble.TryFormatHumanFriendly(value, destination, out int written));
        Assert.Equal(expected, Sequences.Text(destination[..written]));
    }

    [Fact]
    public void Human_friendly_prints_large_values_without_exponent()
    {
        Span<byte> destination = stackalloc byte[RespDouble.MaxHumanFriendlyLength];

        Assert.True(RespDouble.TryFormatHumanFriendly(-double.MaxValue, destination, out int written));

        Assert.Equal("-17976931348623157" + new string('0', 292), Sequences.Text(destination[..written]));
    }

    [Fact]
    public void Too_small_destination_fails_without_writing()
    {
        Span<byte> destination = stackalloc byte[3];

        Assert.False(RespDouble.TryFormat(0.1, destination, out int written));
        Assert.Equal(0, written);
        Assert.False(RespDouble.TryFormatHumanFriendly(1234.5, destination, out _));
        Assert.True(RespDouble.TryFormat(1.5, destination, out written));
        Assert.Equal(3, written);
    }

    [Fact]
    public void Random_values_round_trip()
    {
        var random = new Random(11);
        Span<byte> destination = stackalloc byte[RespDouble.MaxFormattedLength];
        Span<byte> friendly = stackalloc byte[RespDouble.MaxHumanFriendlyLength];
        for (int i = 0; i < 20_000; i++)
        {
            double value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(value))
            {
                continue;
            }

            Assert.True(RespDouble.TryFormat(value, destination, out int written));
            Assert.True(RespNumbers.TryParseDouble(destination[..written], out double parsed));
            Assert.True(parsed == value, $"{value:R} printed as {Sequences.Text(destination[..written])}");

            Assert.True(RespDouble.TryFormatHumanFriendly(value, friendly, out written));
            // Shortest digits round-trip unless they need more than 17 places after the point.
            if (Math.Abs(value) >= 0.1)
            {
                Assert.Equal(value, double.Parse(Sequences.Text(friendly[..written]), System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
