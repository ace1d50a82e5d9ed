using System.Buffers.Text;
using System.Globalization;

namespace NextCacheKv.Storage;

/// <summary>Redis's number rules for string values (string2ll, strtold, INCRBYFLOAT formatting).</summary>
public static class StringMath
{
    public const int MaxInt64Digits = 20;
    public const int MaxDoubleChars = 64;

    /// <summary>Redis string2ll: optional '-', digits, no '+', no leading zeros, no spaces.</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > MaxInt64Digits) return false;
        if (text.Length == 1 && text[0] == (byte)'0') return true;
        int i = 0;
        bool negative = text[0] == (byte)'-';
        if (negative) i++;
        if (i >= text.Length || text[i] < (byte)'1' || text[i] > (byte)'9') return false;
        ulong acc = 0;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit > 9) return false;
            if (acc > (ulong.MaxValue - digit) / 10) return false;
            acc = acc * 10 + digit;
        }
        if (negative)
        {
            if (acc > (ulong)long.MaxValue + 1) return false;
            value = (long)(0 - acc);
        }
        else
        {
            if (acc > long.MaxValue) return false;
            value = (long)acc;
        }
        return true;
    }

    /// <summary>Redis's float parsing: no surrounding spaces, "inf" allowed, NaN rejected.</summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > MaxDoubleChars) return false;
        if (IsSpace(text[0]) || IsSpace(text[^1])) return false;
        if (EqualsIgnoreCase(text, "inf"u8) || EqualsIgnoreCase(text, "+inf"u8) || EqualsIgnoreCase(text, "infinity"u8))
        {
            value = double.PositiveInfinity;
            return true;
        }
        if (EqualsIgnoreCase(text, "-inf"u8) || EqualsIgnoreCase(text, "-infinity"u8))
        {
            value = double.NegativeInfinity;
            return true;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return false;
        return !double.IsNaN(value);
    }

    public static int FormatInt64(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out int written);
        return written;
    }

    /// <summary>
    /// INCRBYFLOAT's reply: fixed notation, no exponent, no trailing zeros. Redis prints a long double
    /// with 17 digits; we print the shortest text that round-trips the double, which matches for the
    /// values people store (10.5, 5000, 3.14) and never shows binary noise.
    /// </summary>
    public static int FormatHumanDouble(double value, Span<byte> destination)
    {
        if (value == Math.Floor(value) && Math.Abs(value) < 1e17)
            return FormatInt64((long)value, destination);
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E'))
            text = decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var dec)
                ? dec.ToString(CultureInfo.InvariantCulture)
                : value.ToString("F17", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        int n = System.Text.Encoding.ASCII.GetBytes(text, destination);
        return n;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\v' or (byte)'\f';

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lower)
    {
        if (text.Length != lower.Length) return false;
        for (int i = 0; i < text.Length; i++)
            if ((text[i] | 0x20) != lower[i] && text[i] != lower[i]) return false;
        return true;
    }
}
