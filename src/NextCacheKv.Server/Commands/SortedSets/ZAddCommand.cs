using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member …], and ZINCRBY key increment member
/// (Redis runs both through one function, so ZINCRBY also parses the option words).
/// </summary>
internal static class ZAddCommand
{
    [Flags]
    private enum Options
    {
        None = 0,
        Nx = 1,
        Xx = 2,
        Gt = 4,
        Lt = 8,
        Ch = 16,
        Incr = 32,
    }

    private enum Outcome
    {
        Added,
        Updated,
        /// <summary>Processed but the score stayed the same.</summary>
        Unchanged,
        /// <summary>Skipped by NX, XX, GT or LT.</summary>
        Skipped,
        NaN,
    }

    public static ValueTask Run(CommandContext c, bool incrementOnly)
    {
        var options = incrementOnly ? Options.Incr : Options.None;
        int first = 2;
        for (; first < c.Count; first++)
        {
            if (c.ArgIs(first, "NX"u8)) options |= Options.Nx;
            else if (c.ArgIs(first, "XX"u8)) options |= Options.Xx;
            else if (c.ArgIs(first, "CH"u8)) options |= Options.Ch;
            else if (c.ArgIs(first, "INCR"u8)) options |= Options.Incr;
            else if (c.ArgIs(first, "GT"u8)) options |= Options.Gt;
            else if (c.ArgIs(first, "LT"u8)) options |= Options.Lt;
            else break;
        }
        if (!TryValidate(c, options, first, out var scores)) return default;

        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFind(key, ValueKind.SortedSet, out SortedSetObject? set)) return default;
        bool incr = options.HasFlag(Options.Incr);
        if (set is null && options.HasFlag(Options.Xx))
        {
            ReplyNothingDone(c, incr);
            return default;
        }
        if (set is null)
        {
            if (!c.TryFindOrCreate(key, ValueKind.SortedSet, out SortedSetObject created)) return default;
            set = created;
        }

        long added = 0, updated = 0, processed = 0;
        double lastScore = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            var outcome = Apply(set, c.Arg(first + 1 + (i * 2)), scores[i], options, out lastScore);
            if (outcome == Outcome.NaN)
            {
                c.Error(SortedSetErrors.NaNScore);
                Finish(c, key, set, added + updated, incr);
                return default;
            }
            if (outcome == Outcome.Added) added++;
            if (outcome == Outcome.Updated) updated++;
            if (outcome != Outcome.Skipped) processed++;
        }
        if (incr)
        {
            if (processed > 0) SortedSetReplies.Score(c, lastScore);
            else c.NullBulk();
        }
        else
        {
            c.Integer(options.HasFlag(Options.Ch) ? added + updated : added);
        }
        Finish(c, key, set, added + updated, incr);
        return default;
    }

    /// <summary>Argument checks in Redis's order, all before the key is touched; parses every score.</summary>
    private static bool TryValidate(CommandContext c, Options options, int first, out double[] scores)
    {
        scores = [];
        int remaining = c.Count - first;
        if (remaining == 0 || remaining % 2 != 0)
        {
            c.Error(Errors.Syntax);
            return false;
        }
        bool nx = options.HasFlag(Options.Nx), gt = options.HasFlag(Options.Gt), lt = options.HasFlag(Options.Lt);
        if (nx && options.HasFlag(Options.Xx))
        {
            c.Error(SortedSetErrors.XxAndNx);
            return false;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt))
        {
            c.Error(SortedSetErrors.GtLtNx);
            return false;
        }
        int pairs = remaining / 2;
        if (options.HasFlag(Options.Incr) && pairs > 1)
        {
            c.Error(SortedSetErrors.IncrSinglePair);
            return false;
        }
        scores = new double[pairs];
        for (int i = 0; i < pairs; i++)
        {
            if (!c.Request.TryGetDouble(first + (i * 2), out scores[i]))
            {
                c.Error(Errors.NotFloat);
                return false;
            }
        }
        return true;
    }

    /// <summary>Redis's zsetAdd for one pair.</summary>
    private static Outcome Apply(SortedSetObject set, ReadOnlySpan<byte> member, double score, Options options, out double newScore)
    {
        newScore = score;
        if (double.IsNaN(score)) return Outcome.NaN;
        if (set.TryGet(member, out var node))
        {
            if (options.HasFlag(Options.Nx)) return Outcome.Skipped;
            double current = node.Score;
            if (options.HasFlag(Options.Incr))
            {
                score += current;
                if (double.IsNaN(score)) return Outcome.NaN;
            }
            if ((options.HasFlag(Options.Lt) && score >= current) || (options.HasFlag(Options.Gt) && score <= current)) return Outcome.Skipped;
            newScore = score;
            if (score == current) return Outcome.Unchanged;
            set.UpdateScore(node, score);
            return Outcome.Updated;
        }
        if (options.HasFlag(Options.Xx)) return Outcome.Skipped;
        set.Add(member, score);
        return Outcome.Added;
    }

    private static void ReplyNothingDone(CommandContext c, bool incr)
    {
        if (incr) c.NullBulk();
        else c.Integer(0);
    }

    private static void Finish(CommandContext c, ReadOnlySpan<byte> key, SortedSetObject set, long changes, bool incr)
    {
        // A key created for nothing (only possible after an error) must not linger empty.
        if (changes > 0 || set.Count == 0) c.Changed(key, set);
        if (changes > 0) c.Notify(NotifyClasses.SortedSet, incr ? "zincr" : "zadd", key);
    }
}
