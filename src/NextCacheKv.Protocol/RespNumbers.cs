using System.Globalization;
using System.Text;

namespace NextCacheKv.Protocol;

/// <summary>
/// Number parsing with Redis's exact acceptance rules, so commands accept and reject the same inputs as Redis
/// (for example "01" and "+1" are not integers, "1e3" is a valid double, "nan" is not).
/// </summary>
public static class RespNumbers
{
    /// <summary>Longest text <see cref="TryParseInt64"/> accepts ("-9223372036854775808"); Redis rejects 21+ bytes up front.</summary>
    public const int MaxInt64Length = 20;

    private const NumberStyles DecimalFloatStyle =
        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>
    /// Redis <c>string2ll</c>: optional '-', no '+', no leading zeros except a lone "0" (so "-0" fails),
    /// no spaces, at most 20 bytes, must fit in a long.
    /// </summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > MaxInt64Length)
        {
            return false;
        }

        if (text.Length == 1 && text[0] == (byte)'0')
        {
            return true;
        }

        bool negative = text[0] == (byte)'-';
        int index = negative ? 1 : 0;
        if (index == text.Length || text[index] < (byte)'1' || text[index] > (byte)'9')
        {
            return false;
        }

        ulong magnitude = 0;
        for (; index < text.Length; index++)
        {
            uint digit = (uint)(text[index] - (byte)'0');
            if (digit > 9 || magnitude > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            magnitude = magnitude * 10 + digit;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = unchecked(-(long)magnitude);
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    /// <summary>
    /// Redis <c>string2d</c> (strtod plus Redis's checks): optional sign ('+' allowed), decimal digits with an
    /// optional point and exponent, or "inf"/"infinity" in any case. Rejects empty text, leading or trailing
    /// spaces, "nan", values that overflow to infinity and nonzero values that underflow to zero.
    /// </summary>
    /// <remarks>
    /// C99 hexadecimal floats ("0x1p3"), which glibc's strtod also accepts, are deliberately not supported:
    /// nothing relies on them and newer Redis versions (fast_float) reject them too.
    /// </remarks>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        int index = text[0] is (byte)'+' or (byte)'-' ? 1 : 0;
        ReadOnlySpan<byte> unsigned = text[index..];
        if (Ascii.EqualsIgnoreCase(unsigned, "inf"u8) || Ascii.EqualsIgnoreCase(unsigned, "infinity"u8))
        {
            value = text[0] == (byte)'-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (!IsDecimalFloat(unsigned, out bool hasNonZeroDigit))
        {
            return false;
        }

        if (!double.TryParse(text, DecimalFloatStyle, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        // strtod reports ERANGE here and Redis rejects it: overflow to infinity, or underflow all the way to zero.
        return !double.IsInfinity(value) && (value != 0 || !hasNonZeroDigit);
    }

    /// <summary>Checks the strtod decimal grammar: digits [ '.' digits ] [ ('e'|'E') [sign] digits ], at least one mantissa digit.</summary>
    private static bool IsDecimalFloat(ReadOnlySpan<byte> text, out bool hasNonZeroDigit)
    {
        hasNonZeroDigit = false;
        int index = 0;
        int mantissaDigits = 0;
        bool seenPoint = false;
        for (; index < text.Length; index++)
        {
            byte current = text[index];
            if (CharClass.IsDigit(current))
            {
                mantissaDigits++;
                hasNonZeroDigit |= current != (byte)'0';
            }
            else if (current == (byte)'.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                break;
            }
        }

        if (mantissaDigits == 0)
        {
            return false;
        }

        if (index == text.Length)
        {
            return true;
        }

        if ((text[index] | 0x20) != (byte)'e')
        {
            return false;
        }

        index++;
        if (index < text.Length && text[index] is (byte)'+' or (byte)'-')
        {
            index++;
        }

        int exponentStart = index;
        while (index < text.Length && CharClass.IsDigit(text[index]))
        {
            index++;
        }

        return index > exponentStart && index == text.Length;
    }
}
