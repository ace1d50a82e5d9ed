using System.Globalization;

namespace NextCacheKv.Protocol;

/// <summary>Formats doubles the way Redis prints them, without allocating.</summary>
public static class RespDouble
{
    /// <summary>Destination size that always suffices for <see cref="TryFormat"/>.</summary>
    public const int MaxFormattedLength = 32;

    /// <summary>Destination size that always suffices for <see cref="TryFormatHumanFriendly"/> (309 integer digits plus sign).</summary>
    public const int MaxHumanFriendlyLength = 320;

    // %.17g: 17 significant digits; scientific notation when the exponent is below -4 or at least 17.
    private const int GeneralPrecision = 17;
    private const int LowestFixedExponent = -4;

    // ld2string(LD_STR_HUMAN) prints "%.17Lf", i.e. at most 17 digits after the point.
    private const int HumanMaxFractionDigits = 17;

    /// <summary>
    /// C printf <c>"%.17g"</c>, as Redis 7.0 uses for double replies: 3 → "3", 0.1 → "0.10000000000000001",
    /// 1e21 → "1e+21", 1e-5 → "1.0000000000000001e-05", -0.0 → "-0", infinities → "inf"/"-inf", NaN → "nan".
    /// </summary>
    /// <remarks>Redis 7.2+ switched to shortest round-trip output ("0.1"); we keep the 7.0 format deliberately.</remarks>
    public static bool TryFormat(double value, Span<byte> destination, out int bytesWritten)
    {
        if (!double.IsFinite(value))
        {
            return TryCopy(NonFiniteText(value), destination, out bytesWritten);
        }

        Span<byte> scratch = stackalloc byte[DecimalDigits.MaxTextLength];
        var decimalDigits = DecimalDigits.From(value, "E16", scratch);
        Span<byte> text = stackalloc byte[MaxFormattedLength];
        int length = decimalDigits.IsZero
            ? WriteZero(text, decimalDigits.IsNegative)
            : decimalDigits.Exponent < LowestFixedExponent || decimalDigits.Exponent >= GeneralPrecision
                ? WriteScientific(text, decimalDigits)
                : WriteFixed(text, decimalDigits);
        return TryCopy(text[..length], destination, out bytesWritten);
    }

    /// <summary>
    /// Exactly <c>value.ToString("R", CultureInfo.InvariantCulture)</c> as UTF-8 (shortest round-trip text:
    /// 1795000000000 → "1795000000000", 0.5 → "0.5", 1e15 → "1E+15"), for millisecond timestamps.
    /// </summary>
    /// <remarks>
    /// Whole numbers below 1e15 (every Date.now() for the next 30,000 years) print as their integer digits,
    /// which is what "R" prints for them, but several times faster than the general formatter.
    /// </remarks>
    public static bool TryFormatRoundTrip(double value, Span<byte> destination, out int bytesWritten)
    {
        if (Math.Abs(value) < WholeDigitsLimit && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value)))
        {
            return System.Buffers.Text.Utf8Formatter.TryFormat((long)value, destination, out bytesWritten);
        }

        return value.TryFormat(destination, out bytesWritten, "R", CultureInfo.InvariantCulture);
    }

    // "R" switches to exponent notation from 1e15 on.
    private const double WholeDigitsLimit = 1e15;

    /// <summary>
    /// Redis <c>ld2string(LD_STR_HUMAN)</c> as used by INCRBYFLOAT and HINCRBYFLOAT: fixed notation without exponent,
    /// no trailing zeros or trailing point, "-0" printed as "0". 10.5 → "10.5", 3.0 → "3", 5e3 → "5000".
    /// </summary>
    /// <remarks>
    /// Redis formats a long double with "%.17Lf". We only have a double, whose extra binary digits would show up
    /// in such output (0.1 as "0.10000000000000001"), so we print the shortest round-trip digits instead; that is
    /// what users observe from Redis for typical values ("0.1", "3.14", "10.5"). When those digits need more than
    /// 17 places after the point, the value is rounded to 17 places like "%.17f" (so 1e-20 → "0").
    /// Infinities print as "inf"/"-inf" and NaN as "nan", as in Redis.
    /// </remarks>
    public static bool TryFormatHumanFriendly(double value, Span<byte> destination, out int bytesWritten)
    {
        if (!double.IsFinite(value))
        {
            return TryCopy(NonFiniteText(value), destination, out bytesWritten);
        }

        Span<byte> scratch = stackalloc byte[DecimalDigits.MaxTextLength];
        var decimalDigits = DecimalDigits.From(value, "R", scratch);
        Span<byte> text = stackalloc byte[MaxHumanFriendlyLength];
        int length;
        if (decimalDigits.IsZero)
        {
            length = WriteZero(text, negative: false);
        }
        else if (decimalDigits.Digits.Length - 1 - decimalDigits.Exponent > HumanMaxFractionDigits)
        {
            length = WriteRoundedFixed(value, text);
        }
        else
        {
            length = WriteFixed(text, decimalDigits);
        }

        return TryCopy(text[..length], destination, out bytesWritten);
    }

    private static ReadOnlySpan<byte> NonFiniteText(double value) =>
        double.IsNaN(value) ? "nan"u8 : value > 0 ? "inf"u8 : "-inf"u8;

    private static int WriteZero(Span<byte> text, bool negative)
    {
        if (!negative)
        {
            text[0] = (byte)'0';
            return 1;
        }

        "-0"u8.CopyTo(text);
        return 2;
    }

    /// <summary>d[.ddd]e±XX with at least two exponent digits, as C prints it.</summary>
    private static int WriteScientific(Span<byte> text, in DecimalDigits value)
    {
        int length = WriteSign(text, value.IsNegative);
        ReadOnlySpan<byte> digits = value.Digits;
        text[length++] = digits[0];
        if (digits.Length > 1)
        {
            text[length++] = (byte)'.';
            digits[1..].CopyTo(text[length..]);
            length += digits.Length - 1;
        }

        text[length++] = (byte)'e';
        text[length++] = value.Exponent < 0 ? (byte)'-' : (byte)'+';
        int exponent = Math.Abs(value.Exponent);
        if (exponent < 10)
        {
            text[length++] = (byte)'0';
        }

        exponent.TryFormat(text[length..], out int exponentLength, default, CultureInfo.InvariantCulture);
        return length + exponentLength;
    }

    /// <summary>Plain positional notation of the significant digits, padding with zeros on either side as needed.</summary>
    private static int WriteFixed(Span<byte> text, in DecimalDigits value)
    {
        int length = WriteSign(text, value.IsNegative);
        ReadOnlySpan<byte> digits = value.Digits;
        int exponent = value.Exponent;
        if (exponent < 0)
        {
            "0."u8.CopyTo(text[length..]);
            length += 2;
            int zeros = -exponent - 1;
            text.Slice(length, zeros).Fill((byte)'0');
            length += zeros;
            digits.CopyTo(text[length..]);
            return length + digits.Length;
        }

        int integerDigits = exponent + 1;
        if (digits.Length <= integerDigits)
        {
            digits.CopyTo(text[length..]);
            text.Slice(length + digits.Length, integerDigits - digits.Length).Fill((byte)'0');
            return length + integerDigits;
        }

        digits[..integerDigits].CopyTo(text[length..]);
        length += integerDigits;
        text[length++] = (byte)'.';
        digits[integerDigits..].CopyTo(text[length..]);
        return length + digits.Length - integerDigits;
    }

    /// <summary>"%.17f" of a value smaller than 1, trailing zeros and point removed, "-0" turned into "0".</summary>
    private static int WriteRoundedFixed(double value, Span<byte> text)
    {
        value.TryFormat(text, out int length, "F17", CultureInfo.InvariantCulture);
        ReadOnlySpan<byte> trimmed = text[..length].TrimEnd((byte)'0').TrimEnd((byte)'.');
        if (trimmed.SequenceEqual("-0"u8))
        {
            return WriteZero(text, negative: false);
        }

        return trimmed.Length;
    }

    private static int WriteSign(Span<byte> text, bool negative)
    {
        if (!negative)
        {
            return 0;
        }

        text[0] = (byte)'-';
        return 1;
    }

    private static bool TryCopy(ReadOnlySpan<byte> text, Span<byte> destination, out int bytesWritten)
    {
        if (!text.TryCopyTo(destination))
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = text.Length;
        return true;
    }
}
