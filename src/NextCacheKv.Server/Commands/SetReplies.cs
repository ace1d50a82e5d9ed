using NextCacheKv.Protocol;
using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>What the set command files share: lookups that do not reply, the removal epilogue, set replies.</summary>
internal static class SetReplies
{
    /// <summary>The set at <paramref name="key"/> without replying, for commands whose answer depends on which keys are missing.</summary>
    public static ObjectLookup Find(CommandContext c, ReadOnlySpan<byte> key, out SetObject? set)
    {
        var found = c.Store.FindObject(c.Db, key, ValueKind.Set, out var obj);
        set = obj as SetObject;
        return found;
    }

    /// <summary>
    /// Loads every source (a missing key is an empty set, recorded as null); false with WRONGTYPE replied
    /// when any source holds another type, even after a missing one, as Redis 7 checks them all.
    /// </summary>
    public static bool TryLoadAll(CommandContext c, byte[][] keys, out SetObject?[] sets)
    {
        sets = new SetObject?[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            if (Find(c, keys[i], out sets[i]) == ObjectLookup.WrongType)
            {
                c.Error(Errors.WrongType);
                return false;
            }
        }
        return true;
    }

    /// <summary>A whole set as a RESP3 set (RESP2 array); integer sets ascending, as Redis lists an intset.</summary>
    public static void WriteSet(CommandContext c, SetObject set)
    {
        if (set.IsIntegerSet) WriteSet(c, set.MembersInIntegerOrder());
        else WriteSet(c, set.Members);
    }

    public static void WriteSet(CommandContext c, IReadOnlyCollection<byte[]> members)
    {
        c.Writer.WriteSetHeader(members.Count, c.Protocol);
        WriteMembers(c, members);
    }

    /// <summary>The same, as a plain array in both protocols (SRANDMEMBER, SSCAN).</summary>
    public static void WriteArray(CommandContext c, IReadOnlyCollection<byte[]> members)
    {
        c.ArrayHeader(members.Count);
        WriteMembers(c, members);
    }

    private static void WriteMembers(CommandContext c, IReadOnlyCollection<byte[]> members)
    {
        var run = new BulkRun(c.Writer);
        foreach (var member in members) run.Add(member);
        run.Complete();
    }
}
