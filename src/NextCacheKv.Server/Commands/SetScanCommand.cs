using System.Globalization;
using System.Text;
using NextCacheKv.Protocol;
using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// SSCAN key cursor [MATCH pattern] [COUNT count].
/// The cursor is a slot bound in <see cref="SetObject"/>'s dense member array: 0 starts at the top (the
/// set's size), each call visits COUNT slots going down and returns the new bound, and 0 again means
/// done. Walking down is what makes the cursor survive changes between calls: adds append above every
/// visited slot, and a removal only moves the last member into the freed (lower) slot, so a member that
/// is present for the whole scan and not yet returned always stays below the bound
/// (<see cref="SetObject.ScanDown"/> gives the argument in full). Members may be returned twice, and
/// members added mid-scan may or may not be, exactly Redis's promise.
/// A set Redis would keep as an intset (integers only, at most 512) is returned whole, cursor 0, in
/// ascending order, as Redis does for that encoding.
/// </summary>
internal static class SetScanCommand
{
    private static readonly byte[] EmptyScan = "*2\r\n$1\r\n0\r\n*0\r\n"u8.ToArray();

    public static ValueTask SScan(CommandContext c)
    {
        if (!TryParseCursor(c.Arg(2), out ulong cursor))
        {
            c.Error(Errors.InvalidCursor);
            return default;
        }
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Set, out SetObject? set)) return default;
        // Redis reads the options only once it has a set to scan.
        if (set is null)
        {
            c.Writer.WriteRaw(EmptyScan);
            return default;
        }
        byte[]? pattern = null;
        long count = 10;
        for (int i = 3; i < c.Count; i++)
        {
            bool hasValue = i + 1 < c.Count;
            if (c.ArgIs(i, "COUNT"u8) && hasValue)
            {
                if (!c.Request.TryGetInt64(++i, out count))
                {
                    c.Error(Errors.NotInteger);
                    return default;
                }
                if (count < 1)
                {
                    c.Error(Errors.Syntax);
                    return default;
                }
            }
            else if (c.ArgIs(i, "MATCH"u8) && hasValue)
            {
                pattern = c.Arg(++i).ToArray();
            }
            else
            {
                c.Error(Errors.Syntax);
                return default;
            }
        }
        if (pattern is [(byte)'*']) pattern = null;

        var found = new List<byte[]>();
        long next = 0;
        if (set.IsIntegerSet)
        {
            foreach (var member in set.MembersInIntegerOrder()) Collect(member);
        }
        else
        {
            long bound = cursor == 0 || cursor > long.MaxValue ? set.Count : (long)cursor;
            next = set.ScanDown(bound, count, Collect);
        }
        c.ArrayHeader(2);
        c.Bulk(Encoding.ASCII.GetBytes(next.ToString(CultureInfo.InvariantCulture)));
        SetReplies.WriteArray(c, found);
        return default;

        void Collect(byte[] member)
        {
            if (pattern is null || Glob.IsMatch(pattern, member)) found.Add(member);
        }
    }

    /// <summary>
    /// C strtoul as Redis uses it: optional sign then decimal digits, nothing after, no leading space,
    /// no overflow; an empty string is 0 and a minus sign wraps ("-1" is the largest cursor).
    /// </summary>
    private static bool TryParseCursor(ReadOnlySpan<byte> text, out ulong cursor)
    {
        cursor = 0;
        if (text.IsEmpty) return true;
        bool negative = text[0] == '-';
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
}
