using System.Globalization;
using System.Text;
using NextCacheKv.Storage.Objects.SortedSets;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// Parses the interval arguments of the sorted-set range commands exactly as Redis 7.0 does:
/// score ends go through C's strtod (so "inf", "-inf", "+inf", leading blanks, huge exponents and even
/// "" are accepted, NaN is not), "(" makes an end exclusive; lex ends are "-", "+", "[x" or "(x".
/// </summary>
internal static class RangeArguments
{
    public static bool TryParseScoreRange(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out ScoreRange range)
    {
        range = default;
        if (!TryParseScoreBound(min, out double low, out bool lowExclusive) ||
            !TryParseScoreBound(max, out double high, out bool highExclusive))
        {
            return false;
        }
        range = new ScoreRange(low, lowExclusive, high, highExclusive);
        return true;
    }

    public static bool TryParseLexRange(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out LexRange range)
    {
        range = default;
        if (!TryParseLexBound(min, out var low) || !TryParseLexBound(max, out var high)) return false;
        range = new LexRange(low, high);
        return true;
    }

    private static bool TryParseScoreBound(ReadOnlySpan<byte> text, out double value, out bool exclusive)
    {
        exclusive = text.Length > 0 && text[0] == (byte)'(';
        return TryParseStrtod(exclusive ? text[1..] : text, out value);
    }

    private static bool TryParseLexBound(ReadOnlySpan<byte> text, out LexBound bound)
    {
        bound = default;
        if (text.IsEmpty) return false;
        switch (text[0])
        {
            case (byte)'+' when text.Length == 1:
                bound = LexBound.PositiveInfinity;
                return true;
            case (byte)'-' when text.Length == 1:
                bound = LexBound.NegativeInfinity;
                return true;
            case (byte)'(':
                bound = new LexBound(LexBoundKind.Value, text[1..].ToArray(), Exclusive: true);
                return true;
            case (byte)'[':
                bound = new LexBound(LexBoundKind.Value, text[1..].ToArray(), Exclusive: false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>strtod</c> that must consume the whole text and not yield NaN. Converting nothing leaves the end
    /// pointer at the start, which passes only for the empty string (value 0). Out-of-range values become
    /// ±infinity or 0 as in C. Hexadecimal floats are not accepted.
    /// </summary>
    internal static bool TryParseStrtod(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IsEmpty) return true;
        int start = 0;
        while (start < text.Length && IsCSpace(text[start])) start++;
        var number = text[start..];
        int signLength = number.Length > 0 && number[0] is (byte)'+' or (byte)'-' ? 1 : 0;
        var unsigned = number[signLength..];
        if (Ascii.EqualsIgnoreCase(unsigned, "inf"u8) || Ascii.EqualsIgnoreCase(unsigned, "infinity"u8))
        {
            value = number[0] == (byte)'-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (!IsDecimal(unsigned)) return false;
        return double.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);
    }

    /// <summary>digits [. digits] | . digits, then an optional exponent with at least one digit.</summary>
    private static bool IsDecimal(ReadOnlySpan<byte> text)
    {
        int i = 0, mantissaDigits = 0;
        while (i < text.Length && char.IsAsciiDigit((char)text[i])) { i++; mantissaDigits++; }
        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit((char)text[i])) { i++; mantissaDigits++; }
        }
        if (mantissaDigits == 0) return false;
        if (i == text.Length) return true;
        if (text[i] is not ((byte)'e' or (byte)'E')) return false;
        i++;
        if (i < text.Length && text[i] is (byte)'+' or (byte)'-') i++;
        int exponentDigits = 0;
        while (i < text.Length && char.IsAsciiDigit((char)text[i])) { i++; exponentDigits++; }
        return exponentDigits > 0 && i == text.Length;
    }

    private static bool IsCSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}
