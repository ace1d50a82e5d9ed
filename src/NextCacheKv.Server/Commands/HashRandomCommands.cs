using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// HRANDFIELD key [count [WITHVALUES]], with Redis's cases: a negative count repeats fields, a count at
/// least the size returns the whole hash in order, a smaller one returns distinct random fields.
/// WITHVALUES pairs are nested two-element arrays in RESP3 and flat in RESP2.
/// </summary>
internal static class HashRandomCommands
{
    /// <summary>Repeated samples are drawn and written this many at a time, flushing in between.</summary>
    private const int SampleBatch = 1000;

    /// <summary>Above this many requested fields, picking distinct slots by rejection gets slow: shuffle instead (Redis's factor).</summary>
    private const int ShuffleFactor = 3;


    public static ValueTask HRandField(CommandContext c)
    {
        if (c.Count == 2) return One(c);
        if (!RandomCount.TryParse(c, "WITHVALUES"u8, out long count, out bool withValues)) return default;
        if (count < 0 || count == 1)
        {
            long remaining = count < 0 ? -count : 1;
            var samples = new List<HashObject.Entry>((int)Math.Min(remaining, SampleBatch));
            if (!TryFirstRepeatedBatch(c, remaining, withValues, samples)) return default;
            remaining -= samples.Count;
            return remaining == 0 ? default : MoreRepeatedAsync(c, c.Arg(1).ToArray(), remaining, withValues, samples);
        }
        Distinct(c, count, withValues);
        return default;
    }

    private static ValueTask One(CommandContext c)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Hash, out HashObject? hash)) return default;
        if (hash is null) c.NullBulk();
        else c.Bulk(hash.RandomEntry(Random.Shared).Field);
        return default;
    }

    /// <summary>Writes the reply header and the first batch; false when the reply is already complete (missing key, WRONGTYPE).</summary>
    private static bool TryFirstRepeatedBatch(CommandContext c, long total, bool withValues, List<HashObject.Entry> samples)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Hash, out HashObject? hash)) return false;
        if (hash is null)
        {
            c.ArrayHeader(0);
            return false;
        }
        c.ArrayHeader(withValues && c.Protocol == 2 ? total * 2 : total);
        Draw(hash, (int)Math.Min(total, SampleBatch), samples);
        WriteEntries(c, samples, samples.Count, withValues);
        return true;
    }

    /// <summary>
    /// The rest of a long run of repeated samples, a batch at a time: the key's lock is taken per batch and
    /// the output flushed between batches, so a huge count neither holds the key nor buffers the whole
    /// reply. The count was promised in the header; if the hash is deleted or changes type meanwhile, the
    /// last batch drawn is repeated (the fields the command saw when it started).
    /// </summary>
    private static async ValueTask MoreRepeatedAsync(CommandContext c, byte[] key, long remaining, bool withValues, List<HashObject.Entry> samples)
    {
        while (remaining > 0)
        {
            int batch = (int)Math.Min(remaining, SampleBatch);
            DrawLocked(c, key, batch, samples);
            WriteEntries(c, samples, batch, withValues);
            remaining -= batch;
            // A client that went away or was killed stops the run (a count near 2^63 never ends otherwise).
            if (!await c.PaceStreamedReplyAsync().ConfigureAwait(false)) return;
        }
    }

    private static void DrawLocked(CommandContext c, byte[] key, int batch, List<HashObject.Entry> samples)
    {
        using var held = c.LockKey(key);
        if (c.Store.FindObject(c.Db, key, ValueKind.Hash, out var found) == ObjectLookup.Found && found is HashObject { Count: > 0 } hash)
            Draw(hash, batch, samples);
    }

    private static void Draw(HashObject hash, int batch, List<HashObject.Entry> samples)
    {
        samples.Clear();
        for (int i = 0; i < batch; i++) samples.Add(hash.RandomEntry(Random.Shared));
    }

    private static void Distinct(CommandContext c, long count, bool withValues)
    {
        using var held = c.LockKey(c.Arg(1));
        if (!c.TryFind(c.Arg(1), ValueKind.Hash, out HashObject? hash)) return;
        if (hash is null || count == 0)
        {
            c.ArrayHeader(0);
            return;
        }
        long size = hash.Count;
        long replied = Math.Min(count, size);
        c.ArrayHeader(withValues && c.Protocol == 2 ? replied * 2 : replied);
        if (count >= size)
        {
            foreach (var entry in hash) WriteEntry(c, entry, withValues);
            return;
        }
        if (count * ShuffleFactor > size)
        {
            // Many of the fields: shuffle the first `count` of all slots, then reply in hash order.
            int[] slots = hash.LiveSlots();
            for (int i = 0; i < count; i++)
            {
                int j = Random.Shared.Next(i, slots.Length);
                (slots[i], slots[j]) = (slots[j], slots[i]);
            }
            Array.Sort(slots, 0, (int)count);
            for (int i = 0; i < count; i++) WriteEntry(c, hash.At(slots[i]), withValues);
            return;
        }
        // Few of the fields: draw until `count` distinct slots came up.
        var chosen = new HashSet<int>((int)count);
        while (chosen.Count < count)
        {
            int slot = hash.RandomSlot(Random.Shared);
            if (chosen.Add(slot)) WriteEntry(c, hash.At(slot), withValues);
        }
    }

    private static void WriteEntries(CommandContext c, List<HashObject.Entry> samples, int count, bool withValues)
    {
        for (int i = 0; i < count; i++) WriteEntry(c, samples[i % samples.Count], withValues);
    }

    private static void WriteEntry(CommandContext c, in HashObject.Entry entry, bool withValues)
    {
        if (withValues && c.Protocol >= 3) c.ArrayHeader(2);
        c.Bulk(entry.Field);
        if (withValues) c.Bulk(entry.Value);
    }
}
