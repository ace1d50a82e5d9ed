using NextCacheKv.Protocol;
using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// SPOP and SRANDMEMBER. <see cref="SetObject"/> keeps its members in a dense array, so each pick is one
/// uniform random slot: SPOP of n costs O(n) whatever the set's size (each pop swaps the last member into
/// the hole), SRANDMEMBER of n distinct members is a partial Fisher–Yates shuffle over a sparse map of
/// the slots it swapped, also O(n) time and memory. Random.Shared is uniform and thread-safe.
/// </summary>
internal static class SetRandomCommands
{

    public static ValueTask SPop(CommandContext c)
    {
        if (c.Count > 3)
        {
            c.Error(Errors.Syntax);
            return default;
        }
        long count = 1;
        bool withCount = c.Count == 3;
        if (withCount && (!c.Request.TryGetInt64(2, out count) || count < 0))
        {
            c.Error(Errors.NotPositive);
            return default;
        }
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFind(key, ValueKind.Set, out SetObject? set)) return default;
        if (set is null || count == 0)
        {
            if (withCount) c.Writer.WriteSetHeader(0, c.Protocol);
            else c.NullBulk();
            return default;
        }
        if (!withCount)
        {
            c.Bulk(set.RemoveAt(Random.Shared.Next(set.Members.Count)));
        }
        else if (count >= set.Count)
        {
            // The whole set, listed as SMEMBERS would, then the key goes.
            SetReplies.WriteSet(c, set);
            while (set.Count > 0) set.RemoveAt(set.Members.Count - 1);
        }
        else
        {
            c.Writer.WriteSetHeader((int)count, c.Protocol);
            for (long i = 0; i < count; i++) c.Bulk(set.RemoveAt(Random.Shared.Next(set.Members.Count)));
        }
        c.ElementsRemoved(key, set, NotifyClasses.Set, "spop");
        return default;
    }

    /// <summary>
    /// SRANDMEMBER key [count]: a positive count gives distinct members (the whole set when count ≥ size),
    /// a negative one gives |count| independent picks that may repeat.
    /// </summary>
    public static ValueTask SRandMember(CommandContext c)
    {
        if (c.Count > 3)
        {
            c.Error(Errors.Syntax);
            return default;
        }
        long count = 1;
        bool withCount = c.Count == 3;
        if (withCount && !RandomCount.TryParse(c, out count)) return default;
        var snapshot = ReplyLocked(c, withCount, count);
        return snapshot is null ? default : StreamPicksAsync(c, snapshot, -count);
    }

    /// <summary>
    /// Above this many repeating picks the reply is streamed: Redis would build all of it in memory (up to
    /// 2^63 entries for a client's whim), we write it from a snapshot of the members, flushing as the
    /// client reads. Inside EXEC or a script the gate is held, so there the reply is built whole, as in Redis.
    /// </summary>
    private const long StreamedPicks = 100_000;

    /// <summary>Replies under the key's stripe, or returns the members to stream a large negative-count reply from.</summary>
    private static byte[][]? ReplyLocked(CommandContext c, bool withCount, long count)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Set, out SetObject? set)) return null;
        if (!withCount)
        {
            if (set is null) c.NullBulk();
            else c.Bulk(set[Random.Shared.Next(set.Members.Count)]);
        }
        else if (set is null || count == 0)
        {
            c.ArrayHeader(0);
        }
        else if (count < 0)
        {
            if (-count > StreamedPicks && !c.InsideExclusive) return set.Members.ToArray();
            c.ArrayHeader(-count);
            for (long i = count; i < 0; i++) c.Bulk(set[Random.Shared.Next(set.Members.Count)]);
        }
        else if (count >= set.Count)
        {
            SetReplies.WriteArray(c, set.IsIntegerSet ? set.MembersInIntegerOrder() : set.Members);
        }
        else
        {
            c.ArrayHeader((int)count);
            WriteDistinctSample(c, set, (int)count);
        }
        return null;
    }

    /// <summary>Writes <paramref name="picks"/> random members of <paramref name="members"/>, flushing between chunks; stops if the client goes.</summary>
    private static async ValueTask StreamPicksAsync(CommandContext c, byte[][] members, long picks)
    {
        c.ArrayHeader(picks);
        // Under CLIENT REPLY OFF/SKIP nobody will see the picks: do not spend the CPU on them.
        if (!ReferenceEquals(c.Writer, c.Output)) return;
        for (long left = picks; left > 0;)
        {
            for (int i = (int)Math.Min(left, 4096); i > 0; i--, left--) c.Bulk(members[Random.Shared.Next(members.Length)]);
            if (!await c.PaceStreamedReplyAsync().ConfigureAwait(false)) return;
        }
    }

    /// <summary>
    /// The first <paramref name="count"/> entries of a uniformly shuffled slot order: step i swaps slot i
    /// with a random slot in [i, size). Only swapped slots are remembered, so the cost is O(count).
    /// </summary>
    private static void WriteDistinctSample(CommandContext c, SetObject set, int count)
    {
        int size = set.Members.Count;
        var swapped = new Dictionary<int, int>(count * 2);
        for (int i = 0; i < count; i++)
        {
            int j = Random.Shared.Next(i, size);
            int atJ = swapped.GetValueOrDefault(j, j);
            swapped[j] = swapped.GetValueOrDefault(i, i);
            c.Bulk(set[atJ]);
        }
    }
}
