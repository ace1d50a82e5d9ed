using NextCacheKv.Protocol;
using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// Set commands on one member or one key: SADD SREM SCARD SISMEMBER SMISMEMBER SMEMBERS SMOVE. Each runs
/// under its keys' stripes, synchronously, and announces changes where Redis's t_set.c does.
/// </summary>
internal static class SetCommands
{
    public static ValueTask SAdd(CommandContext c)
    {
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFindOrCreate<SetObject>(key, ValueKind.Set, out var set)) return default;
        long added = 0;
        for (int i = 2; i < c.Count; i++)
        {
            if (set.Add(c.Arg(i))) added++;
        }
        c.Changed(key, set);
        if (added > 0) c.Notify(NotifyClasses.Set, "sadd", key);
        c.Integer(added);
        return default;
    }

    public static ValueTask SRem(CommandContext c)
    {
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFind(key, ValueKind.Set, out SetObject? set)) return default;
        long removed = 0;
        if (set is not null)
        {
            for (int i = 2; i < c.Count && set.Count > 0; i++)
            {
                if (set.Remove(c.Arg(i))) removed++;
            }
            if (removed > 0) c.ElementsRemoved(key, set, NotifyClasses.Set, "srem");
        }
        c.Integer(removed);
        return default;
    }

    public static ValueTask SCard(CommandContext c)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Set, out SetObject? set)) return default;
        c.Integer(set?.Count ?? 0);
        return default;
    }

    public static ValueTask SIsMember(CommandContext c)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Set, out SetObject? set)) return default;
        c.Integer(set is not null && set.Contains(c.Arg(2)) ? 1 : 0);
        return default;
    }

    public static ValueTask SMIsMember(CommandContext c)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Set, out SetObject? set)) return default;
        c.ArrayHeader(c.Count - 2);
        for (int i = 2; i < c.Count; i++) c.Integer(set is not null && set.Contains(c.Arg(i)) ? 1 : 0);
        return default;
    }

    /// <summary>A RESP3 set, as Redis 7.0 (where SMEMBERS is SINTER of one key) replies.</summary>
    public static ValueTask SMembers(CommandContext c)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Set, out SetObject? set)) return default;
        if (set is null) c.Writer.WriteSetHeader(0, c.Protocol);
        else SetReplies.WriteSet(c, set);
        return default;
    }

    public static ValueTask SMove(CommandContext c)
    {
        byte[] source = c.Arg(1).ToArray(), destination = c.Arg(2).ToArray();
        using var held = c.LockKeys([source, destination]);
        var sourceFound = SetReplies.Find(c, source, out var from);
        var destinationFound = SetReplies.Find(c, destination, out var to);
        // Redis answers 0 for a missing source before looking at the destination's type.
        if (sourceFound == ObjectLookup.Missing)
        {
            c.Integer(0);
            return default;
        }
        if (sourceFound == ObjectLookup.WrongType || destinationFound == ObjectLookup.WrongType)
        {
            c.Error(Errors.WrongType);
            return default;
        }
        var member = c.Arg(3);
        if (ReferenceEquals(from, to))
        {
            c.Integer(from!.Contains(member) ? 1 : 0);
            return default;
        }
        if (!from!.Contains(member))
        {
            c.Integer(0);
            return default;
        }
        // The destination exists before the member leaves the source: a string written there meanwhile
        // (strings take no stripe) fails the move as WRONGTYPE without losing the member.
        SetObject target;
        if (to is not null) target = to;
        else if (!c.TryFindOrCreate(destination, ValueKind.Set, out target)) return default;
        from.Remove(member);
        c.ElementsRemoved(source, from, NotifyClasses.Set, "srem");
        if (target.Add(member))
        {
            c.Changed(destination, target);
            c.Notify(NotifyClasses.Set, "sadd", destination);
        }
        c.Integer(1);
        return default;
    }
}
