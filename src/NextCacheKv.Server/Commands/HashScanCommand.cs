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

    public static ValueTask HScan(CommandContext c)
    {
        if (!CollectionScan.TryParseCursor(c.Arg(2), out ulong cursor))
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
            CollectionScan.WriteEmpty(c);
            return default;
        }
        if (!CollectionScan.TryParseOptions(c, out byte[]? pattern, out long count)) return default;
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
        CollectionScan.WriteCursor(c, next);
        c.ArrayHeader(found.Count * 2);
        foreach (var entry in found)
        {
            c.Bulk(entry.Field);
            c.Bulk(entry.Value);
        }
        return default;
    }
}
