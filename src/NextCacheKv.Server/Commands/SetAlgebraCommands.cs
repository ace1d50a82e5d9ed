using NextCacheKv.Protocol;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// SINTER SINTERCARD SUNION SDIFF and their STORE forms. All keys (destination included) are locked
/// together, so a result is computed from one moment's sets and stored atomically. A missing source is
/// an empty set; a source of another type is WRONGTYPE. A STORE replaces a destination of any type and
/// deletes it when the result is empty.
/// </summary>
internal static class SetAlgebraCommands
{
    private const string TooManyNumKeys = "ERR Number of keys can't be greater than number of args";
    private const string NegativeLimit = "ERR LIMIT can't be negative";

    private enum Operation { Intersection, Union, Difference }

    public static ValueTask SInter(CommandContext c) => Reply(c, Operation.Intersection);

    public static ValueTask SUnion(CommandContext c) => Reply(c, Operation.Union);

    public static ValueTask SDiff(CommandContext c) => Reply(c, Operation.Difference);

    public static ValueTask SInterStore(CommandContext c) => Store(c, Operation.Intersection, "sinterstore");

    public static ValueTask SUnionStore(CommandContext c) => Store(c, Operation.Union, "sunionstore");

    public static ValueTask SDiffStore(CommandContext c) => Store(c, Operation.Difference, "sdiffstore");

    /// <summary>SINTERCARD numkeys key [key ...] [LIMIT limit]: the intersection's size, counting stops at limit (0: no limit).</summary>
    public static ValueTask SInterCard(CommandContext c)
    {
        if (!c.Request.TryGetInt64(1, out long numKeys) || numKeys < 1)
        {
            c.Error(Errors.NumKeysNotPositive);
            return default;
        }
        if (numKeys > c.Count - 2)
        {
            c.Error(TooManyNumKeys);
            return default;
        }
        long limit = 0;
        int firstOption = 2 + (int)numKeys;
        for (int i = firstOption; i < c.Count; i++)
        {
            if (c.ArgIs(i, "LIMIT"u8) && i + 1 < c.Count)
            {
                if (!c.Request.TryGetInt64(++i, out limit) || limit < 0)
                {
                    c.Error(NegativeLimit);
                    return default;
                }
            }
            else
            {
                c.Error(Errors.Syntax);
                return default;
            }
        }
        var keys = c.CopyArgs(2, firstOption);
        using var held = c.LockKeys(keys);
        if (!SetReplies.TryLoadAll(c, keys, out var sets)) return default;
        long found = 0;
        ForEachInIntersection(sets, _ => ++found != limit);
        c.Integer(found);
        return default;
    }

    private static ValueTask Reply(CommandContext c, Operation operation)
    {
        var keys = c.CopyArgs(1, c.Count);
        using var held = c.LockKeys(keys);
        if (!SetReplies.TryLoadAll(c, keys, out var sets)) return default;
        if (operation == Operation.Intersection)
        {
            // Streamed straight from the smallest set, as Redis does, without building a result set.
            var members = new List<byte[]>();
            ForEachInIntersection(sets, member =>
            {
                members.Add(member);
                return true;
            });
            SetReplies.WriteSet(c, members);
        }
        else
        {
            SetReplies.WriteSet(c, Compute(operation, sets));
        }
        return default;
    }

    private static ValueTask Store(CommandContext c, Operation operation, string eventName)
    {
        var keys = c.CopyArgs(1, c.Count);
        using var held = c.LockKeys(keys);
        if (!SetReplies.TryLoadAll(c, keys[1..], out var sets)) return default;
        var result = Compute(operation, sets);
        var destination = keys[0];
        bool existed = c.Store.RemoveObjectKey(c.Db, destination);
        if (result.Count > 0)
        {
            // A string written at the destination between the two steps (strings take no stripe) is replaced too.
            while (!c.Store.CreateObject(c.Db, destination, result)) c.Store.RemoveObjectKey(c.Db, destination);
            c.Store.ObjectChanged();
            c.Notify(NotifyClasses.Set, eventName, destination);
        }
        else if (existed)
        {
            c.Notify(NotifyClasses.Generic, "del", destination);
        }
        c.Integer(result.Count);
        return default;
    }

    private static SetObject Compute(Operation operation, SetObject?[] sets)
    {
        var result = new SetObject();
        switch (operation)
        {
            case Operation.Intersection:
                ForEachInIntersection(sets, member => result.Add(member) || true);
                break;
            case Operation.Union:
                foreach (var set in sets)
                {
                    if (set is null) continue;
                    foreach (var member in set.Members) result.Add(member);
                }
                break;
            case Operation.Difference:
                if (sets[0] is not { } first) break;
                foreach (var member in first.Members)
                {
                    if (!InAnyOther(sets, member)) result.Add(member);
                }
                break;
        }
        return result;
    }

    private static bool InAnyOther(SetObject?[] sets, byte[] member)
    {
        for (int i = 1; i < sets.Length; i++)
        {
            if (sets[i] is { } other && other.Contains(member)) return true;
        }
        return false;
    }

    /// <summary>
    /// Calls <paramref name="visit"/> for each member of every set, walking the smallest and probing the
    /// others (O(smallest × sets)); stops when it returns false. Empty when any key is missing.
    /// </summary>
    private static void ForEachInIntersection(SetObject?[] sets, Func<byte[], bool> visit)
    {
        if (Array.Exists(sets, set => set is null)) return;
        var bySize = sets.Select(set => set!).OrderBy(set => set.Count).ToArray();
        // Redis walks the smallest set in its own order: ascending when that set is an intset.
        IReadOnlyList<byte[]> walk = bySize[0].IsIntegerSet ? bySize[0].MembersInIntegerOrder() : bySize[0].Members;
        foreach (var member in walk)
        {
            bool inAll = true;
            for (int i = 1; i < bySize.Length && inAll; i++) inAll = bySize[i].Contains(member);
            if (inAll && !visit(member)) return;
        }
    }
}
