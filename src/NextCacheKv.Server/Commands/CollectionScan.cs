using System.Buffers;
using System.Globalization;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// What HSCAN, SSCAN and ZSCAN share: the cursor as Redis parses it, the MATCH/COUNT options, and the
/// reply's frame (cursor, then the page).
/// </summary>
internal static class CollectionScan
{
    private static ReadOnlySpan<byte> EmptyScan => "*2\r\n$1\r\n0\r\n*0\r\n"u8;

    /// <summary>
    /// C strtoul as Redis uses it: optional sign (a '-' wraps around, so "-1" is the largest cursor),
    /// decimal digits, nothing after, no leading space, no overflow. An empty cursor is 0.
    /// </summary>
    public static bool TryParseCursor(ReadOnlySpan<byte> text, out ulong cursor)
    {
        cursor = 0;
        if (text.IsEmpty) return true;
        bool negative = text[0] == (byte)'-';
        var digits = text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        if (digits.IsEmpty) return false;
        foreach (byte digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9') return false;
            if (cursor > (ulong.MaxValue - (ulong)(digit - '0')) / 10) return false;
            cursor = cursor * 10 + (ulong)(digit - '0');
        }
        if (negative) cursor = unchecked(0 - cursor);
        return true;
    }

    /// <summary>
    /// [MATCH pattern] [COUNT count] from argument 3 on; replies the error and returns false on a bad one.
    /// A pattern of "*" matches everything, so it comes back null (no filtering), as in Redis.
    /// </summary>
    public static bool TryParseOptions(CommandContext c, out byte[]? pattern, out long count)
    {
        pattern = null;
        count = 10;
        for (int i = 3; i < c.Count; i += 2)
        {
            bool hasValue = i + 1 < c.Count;
            if (c.ArgIs(i, "COUNT"u8) && hasValue)
            {
                if (!c.Request.TryGetInt64(i + 1, out count))
                {
                    c.Error(Errors.NotInteger);
                    return false;
                }
                if (count < 1)
                {
                    c.Error(Errors.Syntax);
                    return false;
                }
            }
            else if (c.ArgIs(i, "MATCH"u8) && hasValue)
            {
                pattern = c.Arg(i + 1).ToArray();
            }
            else
            {
                c.Error(Errors.Syntax);
                return false;
            }
        }
        if (pattern is [(byte)'*']) pattern = null;
        return true;
    }

    /// <summary>The reply for a missing key: cursor 0 and no elements.</summary>
    public static void WriteEmpty(CommandContext c) => c.Writer.Write(EmptyScan);

    /// <summary>Opens the reply: a two-element array whose first element is the next cursor.</summary>
    public static void WriteCursor(CommandContext c, ulong next)
    {
        Span<byte> text = stackalloc byte[20];
        next.TryFormat(text, out int written, default, CultureInfo.InvariantCulture);
        c.ArrayHeader(2);
        c.Bulk(text[..written]);
    }
}
