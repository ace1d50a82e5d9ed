using System.Buffers.Text;

namespace NextCacheKv.Storage;

/// <summary>Redis's integer rules for string values (string2ll), for INCR and friends.</summary>
public static class StringMath
{
    public const int MaxInt64Digits = 20;

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

    public static int FormatInt64(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out int written);
        return written;
    }
}
