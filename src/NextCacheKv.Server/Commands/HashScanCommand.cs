using System.Buffers;
using System.Globalization;
using System.Text;
using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// HSCAN key cursor [MATCH pattern] [COUNT count]. A small hash (what Redis keeps as a listpack) is
/// returned whole with cursor 0, as Redis does; a larger one is paged by the sequence-number cursor
/// described on <see cref="HashObject"/>, which returns every field present for the whole scan exactly once.
/// </summary>
internal static class HashScanCommand
{
    /// <summary>Slots examined per requested field, bounding the work of one call on a sparse hash (Redis's factor).</summary>
    private const long SlotsPerField = 10;

    private static readonly byte[] EmptyScan = "*2\r\n$1\r\n0\r\n*0\r\n"u8.ToArray();

    public static ValueTask HScan(CommandContext c)
    {
        if (!TryParseCursor(c.Arg(2), out ulong cursor))
        {
            c.Error(Errors.InvalidCursor);
            return default;
        }
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFind(key, ValueKind.Hash, out HashObject? hash)) return default;
        if (hash is null)
        {
            // Redis answers a missing key before looking at the options.
            c.Writer.Write(EmptyScan);
            return default;
        }
        if (!TryParseOptions(c, out byte[]? pattern, out long count)) return default;
        var found = new List<HashObject.Entry>();
        ulong next = 0;
        if (hash.IsSmall)
        {
            foreach (var entry in hash) found.Add(entry);
        }
        else
        {
            next = hash.Scan(cursor, count, count > long.MaxValue / SlotsPerField ? long.MaxValue : count * SlotsPerField, found);
        }
        if (pattern is not null) found.RemoveAll(entry => !Glob.IsMatch(pattern, entry.Field));
        c.ArrayHeader(2);
        c.Bulk(Encoding.ASCII.GetBytes(next.ToString(CultureInfo.InvariantCulture)));
        c.ArrayHeader(found.Count * 2);
        foreach (var entry in found)
        {
            c.Bulk(entry.Field);
            c.Bulk(entry.Value);
        }
        return default;
    }

    private static bool TryParseOptions(CommandContext c, out byte[]? pattern, out long count)
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
        // "*" matches everything: no filtering, as in Redis.
        if (pattern is [(byte)'*']) pattern = null;
        return true;
    }

    /// <summary>
    /// C strtoul as Redis uses it: optional sign (a '-' wraps around), decimal digits, nothing after,
    /// no leading space, no overflow. An empty cursor is 0.
    /// </summary>
    internal static bool TryParseCursor(ReadOnlySpan<byte> text, out ulong cursor)
    {
        cursor = 0;
        if (text.IsEmpty) return true;
        int i = 0;
        bool negative = false;
        if (text[0] is (byte)'+' or (byte)'-')
        {
            negative = text[0] == (byte)'-';
            i++;
        }
        if (i == text.Length) return false;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit > 9) return false;
            if (cursor > (ulong.MaxValue - digit) / 10) return false;
            cursor = cursor * 10 + digit;
        }
        if (negative) cursor = unchecked(0 - cursor);
        return true;
    }
}
