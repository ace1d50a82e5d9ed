using System.Runtime.CompilerServices;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// A command over several keys (MGET, MSET, MSETNX, DEL, EXISTS) warms the CPU cache for the next keys before it
/// runs them, as a pipelined batch does: every key's hash bucket, then the record each points to, so their
/// memory misses overlap instead of queueing key by key. A hint: it changes nothing the command does.
/// </summary>
internal static class MultiKeyWarming
{
    /// <summary>Keys warmed at once: enough to overlap the misses, few enough to stay in cache.</summary>
    private const int Window = 32;

    /// <summary>
    /// Call with each key's argument <paramref name="index"/> (keys at <paramref name="first"/>, then every
    /// <paramref name="step"/>): at the start of each window it warms that window's keys.
    /// </summary>
    // Its token buffer is written before it is read.
    [SkipLocalsInit]
    public static void Before(CommandContext c, int index, int first, int step)
    {
        int ordinal = (index - first) / step;
        if (ordinal % Window != 0) return;
        int keys = Math.Min(Window, (c.Count - index + step - 1) / step);
        if (keys < 2 || !HasTwoDistinct(c, index, step, keys)) return;
        Span<long> tokens = stackalloc long[Window];
        for (int k = 0; k < keys; k++) tokens[k] = c.Store.PrefetchBucket(c.Db, c.Arg(index + k * step));
        for (int k = 0; k < keys; k++) c.Store.PrefetchRecord(tokens[k]);
    }

    /// <summary>One key named again and again (redis-benchmark's MSET) has no misses to overlap: warming it cost 7 % of such an MSET's throughput.</summary>
    private static bool HasTwoDistinct(CommandContext c, int index, int step, int keys)
    {
        var first = c.Arg(index);
        for (int k = 1; k < keys; k++)
            if (!c.Arg(index + k * step).SequenceEqual(first)) return true;
        return false;
    }
}
