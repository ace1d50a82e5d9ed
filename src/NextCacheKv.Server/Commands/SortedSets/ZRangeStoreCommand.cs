using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]: the selected members and scores
/// replace whatever dst held (any type, and its TTL); an empty result deletes dst.
/// </summary>
internal static class ZRangeStoreCommand
{
    public static ValueTask ZRangeStore(CommandContext c)
    {
        var query = RangeQuery.TryParse(c, keyIndex: 2, RangeBy.Auto, reverse: null, store: true);
        if (query is null) return default;
        var destination = c.Arg(1);
        var source = c.Arg(2);
        using var held = c.LockKeys([destination.ToArray(), source.ToArray()]);
        if (!c.TryFind(source, ValueKind.SortedSet, out SortedSetObject? set)) return default;
        var nodes = set is null ? [] : query.Collect(set);
        if (nodes.Count == 0)
        {
            c.Integer(0);
            if (c.Store.RemoveObjectKey(c.Db, destination))
            {
                c.Store.ObjectChanged();
                c.Notify(NotifyClasses.Generic, "del", destination);
            }
            return default;
        }
        var stored = SortedSetObject.ForExpectedCount(query.IsByRank ? nodes.Count : 0);
        foreach (var node in nodes) stored.Add(node.Member, node.Score);
        // Replace: drop the old key (any type), then create; retry if a writer slipped in between.
        do
        {
            c.Store.RemoveObjectKey(c.Db, destination);
        } while (!c.Store.CreateObject(c.Db, destination, stored));
        c.Store.ObjectChanged();
        c.Integer(nodes.Count);
        c.Notify(NotifyClasses.SortedSet, "zrangestore", destination);
        return default;
    }
}
