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
    public static ValueTask SScan(CommandContext c)
    {
        if (!CollectionScan.TryParseCursor(c.Arg(2), out ulong cursor))
        {
            c.Error(Errors.InvalidCursor);
            return default;
        }
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Set, out SetObject? set)) return default;
        // Redis reads the options only once it has a set to scan.
        if (set is null)
        {
            CollectionScan.WriteEmpty(c);
            return default;
        }
        if (!CollectionScan.TryParseOptions(c, out byte[]? pattern, out long count)) return default;

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
        CollectionScan.WriteCursor(c, (ulong)next);
        SetReplies.WriteArray(c, found);
        return default;

        void Collect(byte[] member)
        {
            if (pattern is null || Glob.IsMatch(pattern, member)) found.Add(member);
        }
    }
}
