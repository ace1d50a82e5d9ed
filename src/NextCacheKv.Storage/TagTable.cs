using System.Collections.Concurrent;

namespace NextCacheKv.Storage;

/// <summary>
/// Next.js's tag manifest for every database, in memory: tag → (staleAt, expiredAt). Checking an
/// entry costs one lookup per tag, never a walk over entries. <see cref="TagJournal"/> makes every
/// change durable before NEXTTAG replies; records older than the longest entry lifetime are dropped.
/// </summary>
public sealed class TagTable
{
    private readonly ConcurrentDictionary<uint, TagRecordMap> byKeyspace = new();

    public int Count => byKeyspace.Values.Sum(tags => tags.Count);

    public TagTimes Get(uint keyspace, ReadOnlySpan<byte> tag)
    {
        if (!byKeyspace.TryGetValue(keyspace, out var tags)) return default;
        return tags.TryGet(tag, out var times) ? times : default;
    }

    /// <summary>Applies a revalidation the way Next's default handler updates its manifest; returns the new times.</summary>
    public TagTimes Revalidate(uint keyspace, ReadOnlySpan<byte> tag, TagRevalidation kind, long now, long expireSeconds)
    {
        return Tags(keyspace).Update(tag, (kind, now, expireSeconds), static (current, change) => change.kind switch
        {
            TagRevalidation.ExpireNow => current with { ExpiredAt = change.now },
            TagRevalidation.StaleThenExpire => new TagTimes(change.now, change.now + change.expireSeconds * 1000),
            _ => current with { StaleAt = change.now },
        });
    }

    /// <summary>Restores a record (journal replay).</summary>
    public void Set(uint keyspace, byte[] tag, TagTimes times) => Tags(keyspace).Set(tag, times);

    /// <summary>
    /// Next's rules over an entry's tags and extra (soft) tags: expired when a tag has
    /// ts &lt; expiredAt ≤ now; stale since the latest staleAt &gt; ts (0 when fresh).
    /// </summary>
    public bool IsExpired(uint keyspace, double timestamp, ReadOnlySpan<byte> tags, ReadOnlySpan<byte> softTags, long now, out long staleAt)
        => Judge(keyspace, timestamp, tags, softTags, now, out staleAt) != TagVerdict.Live;

    /// <summary>
    /// As <see cref="IsExpired"/>, but says whose tag expired the entry: its own (the entry is dead for
    /// everyone) or a soft tag (a miss for this reader only). One table lookup for both lists.
    /// </summary>
    public TagVerdict Judge(uint keyspace, double timestamp, ReadOnlySpan<byte> tags, ReadOnlySpan<byte> softTags, long now, out long staleAt)
    {
        staleAt = 0;
        if (!byKeyspace.TryGetValue(keyspace, out var table) || table.Count == 0) return TagVerdict.Live;
        // Written after every revalidation this database has seen: no tag can touch it (Check needs a time past ts).
        if (timestamp >= table.Latest) return TagVerdict.Live;
        if (Check(table, timestamp, tags, now, ref staleAt)) return TagVerdict.EntryExpired;
        if (!softTags.IsEmpty && Check(table, timestamp, softTags, now, ref staleAt)) return TagVerdict.SoftExpired;
        return TagVerdict.Live;
    }

    /// <summary>True for a stored Next.js entry value (header included) that one of its own tags has expired.</summary>
    public bool IsEntryExpired(uint keyspace, ReadOnlySpan<byte> storedValue, long now)
    {
        if (storedValue.Length < ValueHeader.Size || ValueHeader.Kind(storedValue) != ValueKind.NextEntry) return false;
        NextEntryFormat.Parse(NextEntryFormat.EntryOf(storedValue), out double timestamp, out _, out var entryTags, out _);
        return IsExpired(keyspace, timestamp, entryTags, default, now, out _);
    }

    private static bool Check(TagRecordMap table, double timestamp, ReadOnlySpan<byte> tags, long now, ref long staleAt)
    {
        foreach (var tag in TagList.Enumerate(tags))
        {
            if (!table.TryGet(tag, out var times)) continue;
            if (times.ExpiredAt != 0 && times.ExpiredAt <= now && timestamp < times.ExpiredAt) return true;
            if (times.StaleAt > timestamp && times.StaleAt > staleAt) staleAt = times.StaleAt;
        }
        return false;
    }

    /// <summary>Every record, for rewriting the journal.</summary>
    public IEnumerable<(uint Keyspace, byte[] Tag, TagTimes Times)> All =>
        byKeyspace.SelectMany(pair => pair.Value.Records.Select(record => (pair.Key, record.Tag, record.Times)));

    /// <summary>Drops records no entry can still be older than, and databases that were flushed.</summary>
    public int Prune(long now, long maxEntryLifetimeMs, Func<uint, bool> keyspaceIsLive)
    {
        int dropped = 0;
        foreach (var (keyspace, tags) in byKeyspace)
        {
            if (!keyspaceIsLive(keyspace))
            {
                if (byKeyspace.TryRemove(keyspace, out var gone)) dropped += gone.Count;
                continue;
            }
            dropped += tags.RemoveWhere(times => times.LastChange + maxEntryLifetimeMs < now);
        }
        return dropped;
    }

    private TagRecordMap Tags(uint keyspace) => byKeyspace.GetOrAdd(keyspace, static _ => new TagRecordMap());
}
