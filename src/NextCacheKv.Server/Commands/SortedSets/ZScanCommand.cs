using System.Globalization;
using NextCacheKv.Protocol;
using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;
using NextCacheKv.Storage.Objects.SortedSets;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// ZSCAN key cursor [MATCH pattern] [COUNT count].
/// <para>
/// Guarantee (Redis's): a full iteration (from cursor 0 until 0 comes back) returns every member that was
/// in the set for the whole iteration; members added or removed meanwhile may or may not appear, and a
/// member may appear more than once. How: every member gets a scan slot when added and keeps it until
/// removed (slots are reused, never moved, the slot list never shrinks), and the cursor is the next slot
/// to look at. Slots only grow at the end, so a member present throughout sits at a fixed slot that the
/// cursor passes exactly once.
/// </para>
/// <para>
/// A set Redis would keep as a listpack (see <see cref="SortedSetObject.IsCompact"/>) is answered whole in
/// one page, in score order and with cursor 0, whatever the cursor and COUNT — as Redis does.
/// </para>
/// </summary>
internal static class ZScanCommand
{
    public static ValueTask ZScan(CommandContext c)
    {
        if (!CollectionScan.TryParseCursor(c.Arg(2), out ulong cursor))
        {
            c.Error(Errors.InvalidCursor);
            return default;
        }
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFind(key, ValueKind.SortedSet, out SortedSetObject? set)) return default;
        if (set is null)
        {
            CollectionScan.WriteEmpty(c);
            return default;
        }
        if (!CollectionScan.TryParseOptions(c, out byte[]? pattern, out long count)) return default;

        var found = new List<SkipListNode>();
        long next = 0;
        if (set.IsCompact)
        {
            for (var node = set.Ordered.First; node is not null; node = node.Next) found.Add(node);
        }
        else
        {
            // Redis bounds one call's work to ten times COUNT; the page may come back short, even empty.
            long wanted = Math.Min(count, int.MaxValue / 20);
            next = cursor > long.MaxValue ? 0 : set.ScanSlots((long)cursor, wanted, wanted * 10, found);
        }
        if (pattern is not null) found.RemoveAll(node => !Glob.IsMatch(pattern, node.Member));

        CollectionScan.WriteCursor(c, (ulong)next);
        c.ArrayHeader(found.Count * 2);
        Span<byte> text = stackalloc byte[RespDouble.MaxFormattedLength];
        foreach (var node in found)
        {
            c.Bulk(node.Member);
            c.Bulk(text[..FormatScore(node.Score, set.IsCompact, text)]);
        }
        return default;
    }

    /// <summary>
    /// A listpack stores a score as text made by Redis's d2string, which prints integral values (within
    /// ±2^62) as integers; a skiplist's score is printed with "%.17g".
    /// </summary>
    private static int FormatScore(double score, bool compact, Span<byte> text)
    {
        const double IntegerLimit = long.MaxValue / 2;
        if (compact && score != 0 && score >= -IntegerLimit && score <= IntegerLimit && score == Math.Truncate(score))
        {
            ((long)score).TryFormat(text, out int written, default, CultureInfo.InvariantCulture);
            return written;
        }
        RespDouble.TryFormat(score, text, out int length);
        return length;
    }
}
