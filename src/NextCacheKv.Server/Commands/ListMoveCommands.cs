using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>LMOVE, RPOPLPUSH and LMPOP: pops that take from one list and may push to another.</summary>
internal static class ListMoveCommands
{

    public static ValueTask LMove(CommandContext c)
    {
        if (!ListCommands.TryParseSide(c, 3, out bool fromLeft) || !ListCommands.TryParseSide(c, 4, out bool toLeft)) return default;
        MoveAndReply(c, c.Arg(1).ToArray(), c.Arg(2).ToArray(), fromLeft, toLeft);
        return default;
    }

    public static ValueTask RPopLPush(CommandContext c)
    {
        MoveAndReply(c, c.Arg(1).ToArray(), c.Arg(2).ToArray(), fromLeft: false, toLeft: true);
        return default;
    }

    /// <summary>Redis's lmoveGenericCommand, then serves clients blocked on the destination.</summary>
    internal static void MoveAndReply(CommandContext c, byte[] sourceKey, byte[] destinationKey, bool fromLeft, bool toLeft)
    {
        using (c.LockKeys([sourceKey, destinationKey]))
        {
            if (!c.TryFind(sourceKey, ValueKind.List, out ListObject? source)) return;
            if (source is null)
            {
                c.NullBulk();
                return;
            }
            MoveLocked(c, source, sourceKey, destinationKey, fromLeft, toLeft);
        }
        c.ServeBlockedClients();
    }

    /// <summary>Moves one element of the non-empty <paramref name="source"/> and replies with it; the caller holds both stripes.</summary>
    internal static void MoveLocked(CommandContext c, ListObject source, byte[] sourceKey, byte[] destinationKey, bool fromLeft, bool toLeft)
    {
        if (!c.TryFind(destinationKey, ValueKind.List, out ListObject? found)) return;
        ListObject destination;
        if (found is not null) destination = found;
        else if (!c.TryFindOrCreate(destinationKey, ValueKind.List, out destination)) return;
        // A copy: the popped span lives in the source, which may be the destination too (rotation).
        var value = (fromLeft ? source.PopFront() : source.PopBack()).ToArray();
        if (toLeft) destination.PushFront(value);
        else destination.PushBack(value);
        c.Changed(destinationKey, destination);
        c.Notify(NotifyClasses.List, toLeft ? "lpush" : "rpush", destinationKey);
        c.SignalListReady(destinationKey);
        c.Bulk(value);
        c.ElementsRemoved(sourceKey, source, NotifyClasses.List, fromLeft ? "lpop" : "rpop");
    }

    public static ValueTask LMPop(CommandContext c)
    {
        if (!TryParseMultiPop(c, 1, out var keys, out bool left, out long count)) return default;
        using var held = c.LockKeys(keys);
        if (!TryPopFirst(c, keys, left, count, out bool popped)) return default;
        if (!popped) c.NullArray();
        return default;
    }

    /// <summary>
    /// LMPOP/BLMPOP's <c>numkeys key… LEFT|RIGHT [COUNT n]</c> from <paramref name="numKeysIndex"/>, with
    /// Redis's errors. The count is 1 when not given.
    /// </summary>
    internal static bool TryParseMultiPop(CommandContext c, int numKeysIndex, out byte[][] keys, out bool left, out long count)
        => TryParseMultiPop(c, numKeysIndex, "LEFT"u8, "RIGHT"u8, out keys, out left, out count);

    /// <summary>
    /// <c>numkeys key… FIRST|SECOND [COUNT n]</c> (LMPOP's LEFT|RIGHT, ZMPOP's MIN|MAX); <paramref name="first"/>
    /// tells which side word was given.
    /// </summary>
    internal static bool TryParseMultiPop(CommandContext c, int numKeysIndex, ReadOnlySpan<byte> firstSide, ReadOnlySpan<byte> secondSide,
        out byte[][] keys, out bool first, out long count)
    {
        keys = [];
        first = false;
        count = -1;
        if (!c.Request.TryGetInt64(numKeysIndex, out long numKeys) || numKeys < 1)
        {
            c.Error(Errors.NumKeysNotPositive);
            return false;
        }
        long sideIndex = numKeys >= c.Count ? c.Count : numKeysIndex + numKeys + 1;
        if (sideIndex >= c.Count)
        {
            c.Error(Errors.Syntax);
            return false;
        }
        first = c.ArgIs((int)sideIndex, firstSide);
        if (!first && !c.ArgIs((int)sideIndex, secondSide))
        {
            c.Error(Errors.Syntax);
            return false;
        }
        for (int i = (int)sideIndex + 1; i < c.Count; i++)
        {
            if (count == -1 && c.ArgIs(i, "COUNT"u8) && i + 1 < c.Count)
            {
                if (!c.Request.TryGetInt64(++i, out count) || count < 1)
                {
                    c.Error(Errors.CountNotPositive);
                    return false;
                }
            }
            else
            {
                c.Error(Errors.Syntax);
                return false;
            }
        }
        if (count == -1) count = 1;
        keys = c.CopyArgs(numKeysIndex + 1, numKeysIndex + 1 + (int)numKeys);
        return true;
    }

    /// <summary>
    /// Pops up to <paramref name="count"/> from the first non-empty list of <paramref name="keys"/> and replies
    /// <c>[key, [elements…]]</c>. The caller holds the keys' stripes. False after a WRONGTYPE reply.
    /// </summary>
    internal static bool TryPopFirst(CommandContext c, byte[][] keys, bool left, long count, out bool popped)
    {
        popped = false;
        foreach (var key in keys)
        {
            if (!c.TryFind(key, ValueKind.List, out ListObject? list)) return false;
            if (list is null) continue;
            int take = (int)Math.Min(count, list.Length);
            c.ArrayHeader(2);
            c.Bulk(key);
            c.ArrayHeader(take);
            for (int i = 0; i < take; i++) c.Bulk(left ? list.PopFront() : list.PopBack());
            c.ElementsRemoved(key, list, NotifyClasses.List, left ? "lpop" : "rpop");
            popped = true;
            return true;
        }
        return true;
    }
}
