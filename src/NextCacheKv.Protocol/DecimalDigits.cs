using System.Globalization;

namespace NextCacheKv.Protocol;

/// <summary>
/// A double as significant decimal digits d1 d2 ... dn and an exponent, value = d1.d2...dn × 10^Exponent,
/// taken from .NET's exact (IEEE correct) formatting so the layout can then be done the C way.
/// </summary>
internal ref struct DecimalDigits
{
    /// <summary>Long enough for .NET's "E16" and "R" output, e.g. "-1.7976931348623157E+308".</summary>
    public const int MaxTextLength = 32;

    /// <summary>Significant digits without leading or trailing zeros; empty for zero.</summary>
    public ReadOnlySpan<byte> Digits;

    public int Exponent;

    public bool IsNegative;

    public readonly bool IsZero => Digits.IsEmpty;

    /// <summary>
    /// Formats a finite <paramref name="value"/> with <paramref name="format"/> ("E16" for 17 correctly rounded
    /// significant digits, "R" for the shortest round-trip digits) into <paramref name="scratch"/> and decomposes it.
    /// </summary>
    public static DecimalDigits From(double value, string format, Span<byte> scratch)
    {
        value.TryFormat(scratch, out int length, format, CultureInfo.InvariantCulture);
        return Parse(scratch[..length]);
    }

    /// <summary>Decomposes invariant text such as "-1.25E-005", "123.5" or "0.001", compacting digits in place.</summary>
    private static DecimalDigits Parse(Span<byte> text)
    {
        var result = new DecimalDigits { IsNegative = text[0] == (byte)'-' };
        int index = result.IsNegative ? 1 : 0;
        int digitCount = 0;
        int digitsBeforePoint = -1;
        for (; index < text.Length; index++)
        {
            byte current = text[index];
            if (CharClass.IsDigit(current))
            {
                text[digitCount++] = current;
            }
            else if (current == (byte)'.')
            {
                digitsBeforePoint = digitCount;
            }
            else
            {
                break;
            }
        }

        if (digitsBeforePoint < 0)
        {
            digitsBeforePoint = digitCount;
        }

        int exponent = 0;
        if (index < text.Length)
        {
            // 'E' then a sign and digits.
            bool negativeExponent = text[index + 1] == (byte)'-';
            for (index += 2; index < text.Length; index++)
            {
                exponent = exponent * 10 + (text[index] - (byte)'0');
            }

            exponent = negativeExponent ? -exponent : exponent;
        }

        Span<byte> digits = text[..digitCount];
        int leadingZeros = digits.IndexOfAnyExcept((byte)'0');
        if (leadingZeros < 0)
        {
            result.Digits = default;
            return result;
        }

        digits = digits[leadingZeros..];
        result.Digits = digits[..(digits.LastIndexOfAnyExcept((byte)'0') + 1)];
        result.Exponent = exponent + digitsBeforePoint - 1 - leadingZeros;
        return result;
    }
}
