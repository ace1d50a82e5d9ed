using System.Globalization;
using System.Numerics;
using System.Text;

namespace NextCacheKv.Storage;

/// <summary>
/// INCRBYFLOAT's arithmetic exactly as Redis on x86-64 does it: parse with strtold into an 80-bit
/// long double (64-bit significand), add, round to 64 bits, print with "%.17Lf" and trim trailing
/// zeros. Done with exact integers, so 0.1 + 0.2 gives "0.3" and 3005.6 prints as Redis prints it.
/// </summary>
public readonly struct LongDouble
{
    private const int SignificandBits = 64;
    private const int MaxExponent = 16384;
    private static readonly BigInteger TenTo17 = BigInteger.Pow(10, 17);

    private readonly BigInteger significand; // signed; |significand| < 2^64, or 0
    private readonly int exponent;            // value = significand * 2^exponent

    private LongDouble(BigInteger significand, int exponent)
    {
        this.significand = significand;
        this.exponent = exponent;
    }

    public bool IsInfinity { get; private init; }

    /// <summary>strtold's accepted forms, minus what Redis rejects: spaces, NaN, overflow and underflow to zero.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out LongDouble value)
    {
        value = default;
        if (text.IsEmpty || text.Length > 5000 || IsSpace(text[0]) || IsSpace(text[^1])) return false;
        string s = Encoding.ASCII.GetString(text);
        bool negative = s[0] == '-';
        string body = s[0] is '-' or '+' ? s[1..] : s;
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = new LongDouble(negative ? -1 : 1, 0) { IsInfinity = true };
            return true;
        }
        BigInteger numerator, denominator = BigInteger.One;
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            // strtold also reads C99 hex floats ("0x1.8p3"); Redis 7.0 passes them through.
            if (!TryParseHex(body[2..], out numerator, out int exponent2)) return false;
            if (exponent2 >= 0) numerator <<= exponent2;
            else denominator <<= -exponent2;
        }
        else
        {
            if (!TryParseDecimal(body, out var digits, out int exponent10)) return false;
            numerator = digits;
            if (exponent10 >= 0) numerator *= BigInteger.Pow(10, exponent10);
            else denominator = BigInteger.Pow(10, -exponent10);
        }
        if (numerator.IsZero)
        {
            value = new LongDouble(BigInteger.Zero, 0);
            return true;
        }
        var rounded = RoundQuotient(numerator, denominator);
        // Redis treats strtold's ERANGE (overflow, or underflow to zero) as "not a valid float".
        if (rounded.exponent + SignificandBits > MaxExponent || rounded.exponent + SignificandBits < -MaxExponent) return false;
        value = new LongDouble(negative ? -rounded.significand : rounded.significand, rounded.exponent);
        return true;
    }

    public static LongDouble operator +(LongDouble a, LongDouble b)
    {
        if (a.IsInfinity || b.IsInfinity) return new LongDouble(a.IsInfinity ? a.significand : b.significand, 0) { IsInfinity = true };
        if (a.significand.IsZero) return b;
        if (b.significand.IsZero) return a;
        int low = Math.Min(a.exponent, b.exponent);
        var sum = (a.significand << (a.exponent - low)) + (b.significand << (b.exponent - low));
        if (sum.IsZero) return new LongDouble(BigInteger.Zero, 0);
        var (significand, exponent) = RoundToSignificand(BigInteger.Abs(sum), low);
        bool overflow = exponent + SignificandBits > MaxExponent;
        return new LongDouble(sum.Sign < 0 ? -significand : significand, exponent) { IsInfinity = overflow };
    }

    /// <summary>
    /// C's <c>(long long) ceill(x * 1000.0)</c> on x86-64, Redis's blocking timeout in milliseconds: the product
    /// rounded to a long double, then up; the most negative integer when it does not fit, as the conversion gives.
    /// </summary>
    public long CeilingOfThousandfold()
    {
        if (IsInfinity) return long.MinValue;
        if (significand.IsZero) return 0;
        var (product, productExponent) = RoundToSignificand(BigInteger.Abs(significand) * 1000, exponent);
        BigInteger magnitude;
        if (productExponent >= 0) magnitude = product << productExponent;
        else
        {
            var floor = product >> -productExponent;
            bool exact = floor << -productExponent == product;
            // ceil(m) for a positive value; for a negative one ceil(-m) = -floor(m).
            magnitude = significand.Sign > 0 && !exact ? floor + 1 : floor;
        }
        var result = significand.Sign < 0 ? -magnitude : magnitude;
        return result >= long.MinValue && result <= long.MaxValue ? (long)result : long.MinValue;
    }

    /// <summary>"%.17Lf" with trailing zeros (and a bare point) removed; "-0" becomes "0", as in Redis.</summary>
    public string ToHumanString()
    {
        if (IsInfinity) return significand.Sign < 0 ? "-inf" : "inf";
        var magnitude = BigInteger.Abs(significand) * TenTo17;
        BigInteger scaled;
        if (exponent >= 0) scaled = magnitude << exponent;
        else scaled = DivideRoundHalfEven(magnitude, BigInteger.One << -exponent);
        string digits = scaled.ToString(CultureInfo.InvariantCulture).PadLeft(18, '0');
        string text = digits[..^17] + "." + digits[^17..];
        text = text.TrimEnd('0').TrimEnd('.');
        if (significand.Sign < 0 && text != "0") text = "-" + text;
        return text;
    }

    private static bool TryParseDecimal(string body, out BigInteger digits, out int exponent10)
    {
        digits = BigInteger.Zero;
        exponent10 = 0;
        int i = 0, digitCount = 0;
        var mantissa = new StringBuilder();
        for (; i < body.Length && char.IsAsciiDigit(body[i]); i++, digitCount++) mantissa.Append(body[i]);
        if (i < body.Length && body[i] == '.')
        {
            for (i++; i < body.Length && char.IsAsciiDigit(body[i]); i++, digitCount++)
            {
                mantissa.Append(body[i]);
                exponent10--;
            }
        }
        if (digitCount == 0) return false;
        if (i < body.Length && body[i] is 'e' or 'E')
        {
            i++;
            int start = i;
            if (i < body.Length && body[i] is '-' or '+') i++;
            if (i == body.Length || !char.IsAsciiDigit(body[i])) return false;
            while (i < body.Length && char.IsAsciiDigit(body[i])) i++;
            if (!int.TryParse(body.AsSpan(start, i - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int e) || Math.Abs(e) > 100_000) return false;
            exponent10 += e;
        }
        if (i != body.Length) return false;
        digits = BigInteger.Parse(mantissa.ToString(), CultureInfo.InvariantCulture);
        return true;
    }

    private static bool TryParseHex(string body, out BigInteger mantissa, out int exponent2)
    {
        mantissa = BigInteger.Zero;
        exponent2 = 0;
        int i = 0, digitCount = 0;
        for (; i < body.Length && char.IsAsciiHexDigit(body[i]); i++, digitCount++) mantissa = mantissa * 16 + Convert.ToInt32(body[i].ToString(), 16);
        if (i < body.Length && body[i] == '.')
            for (i++; i < body.Length && char.IsAsciiHexDigit(body[i]); i++, digitCount++)
            {
                mantissa = mantissa * 16 + Convert.ToInt32(body[i].ToString(), 16);
                exponent2 -= 4;
            }
        if (digitCount == 0) return false;
        if (i < body.Length && body[i] is 'p' or 'P')
        {
            int start = ++i;
            if (i < body.Length && body[i] is '-' or '+') i++;
            if (i == body.Length || !char.IsAsciiDigit(body[i])) return false;
            while (i < body.Length && char.IsAsciiDigit(body[i])) i++;
            if (!int.TryParse(body.AsSpan(start, i - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int e) || Math.Abs(e) > 100_000) return false;
            exponent2 += e;
        }
        return i == body.Length;
    }

    /// <summary>numerator/denominator rounded to a 64-bit significand (round half to even).</summary>
    private static (BigInteger significand, int exponent) RoundQuotient(BigInteger numerator, BigInteger denominator)
    {
        int shift = (int)(numerator.GetBitLength() - denominator.GetBitLength()) - SignificandBits - 1;
        var (n, d) = shift >= 0 ? (numerator, denominator << shift) : (numerator << -shift, denominator);
        // n/d now has at least 64 significant bits before rounding; keep two extra for the rounding step.
        var quotient = BigInteger.DivRem(n << 2, d, out var remainder);
        var (significand, exponent) = RoundToSignificand(quotient, shift - 2, sticky: !remainder.IsZero);
        return (significand, exponent);
    }

    private static (BigInteger significand, int exponent) RoundToSignificand(BigInteger magnitude, int exponent, bool sticky = false)
    {
        int excess = (int)magnitude.GetBitLength() - SignificandBits;
        if (excess <= 0) return (magnitude, exponent);
        var kept = magnitude >> excess;
        var dropped = magnitude - (kept << excess);
        var half = BigInteger.One << (excess - 1);
        int comparison = dropped.CompareTo(half);
        if (comparison > 0 || (comparison == 0 && (sticky || !kept.IsEven))) kept += 1;
        exponent += excess;
        if (kept.GetBitLength() > SignificandBits)
        {
            kept >>= 1;
            exponent++;
        }
        return (kept, exponent);
    }

    private static BigInteger DivideRoundHalfEven(BigInteger numerator, BigInteger denominator)
    {
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        int comparison = (remainder * 2).CompareTo(denominator);
        if (comparison > 0 || (comparison == 0 && !quotient.IsEven)) quotient += 1;
        return quotient;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\v' or (byte)'\f';
}
