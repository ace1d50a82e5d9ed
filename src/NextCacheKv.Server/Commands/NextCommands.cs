using NextCacheKv.Storage;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// NEXTSET, NEXTGET, NEXTTAG: one round trip per Next.js cache-handler operation, with Next's tag
/// rules applied on the server at a cost that depends on the tags of the request, never on the
/// number of entries. See README "Next.js commands".
/// </summary>
internal static class NextCommands
{
    /// <summary>NEXTSET key value [TS ms] [META blob] [TAGS n tag …] [EX s | PX ms | EXAT s | PXAT ms] [NX]</summary>
    public static ValueTask NextSet(CommandContext c)
    {
        double timestamp = c.Store.NowMs;
        var meta = ReadOnlySpan<byte>.Empty;
        var tags = new List<ReadOnlyMemory<byte>>();
        var flags = StoreFlags.None;
        long expiresAt = 0;
        bool expirySeen = false;
        for (int i = 3; i < c.Count; i++)
        {
            bool hasNext = i + 1 < c.Count;
            if (c.ArgIs(i, "TS"u8) && hasNext)
            {
                if (!c.Request.TryGetDouble(++i, out timestamp) || !double.IsFinite(timestamp))
                {
                    c.Error(Errors.NotFloat);
                    return default;
                }
            }
            else if (c.ArgIs(i, "META"u8) && hasNext) meta = c.Arg(++i);
            else if (c.ArgIs(i, "TAGS"u8) && hasNext)
            {
                if (!c.Request.TryGetInt64(++i, out long count) || count < 0 || count > TagList.MaxTags)
                {
                    c.Error(Errors.NotInteger);
                    return default;
                }
                if (i + count >= c.Count)
                {
                    c.Error(Errors.Syntax);
                    return default;
                }
                for (long t = 0; t < count; t++)
                {
                    var tag = c.Request.GetMemory(++i);
                    if (tag.Length > TagList.MaxTagLength)
                    {
                        c.Error("ERR tag is too long");
                        return default;
                    }
                    tags.Add(tag);
                }
            }
            else if (c.ArgIs(i, "NX"u8)) flags |= StoreFlags.IfMissing;
            else if (!expirySeen && hasNext && TryExpiry(c, i, out expiresAt, out bool failed))
            {
                if (failed) return default;
                expirySeen = true;
                i++;
            }
            else
            {
                c.Error(Errors.Syntax);
                return default;
            }
        }
        var result = c.Store.NextSet(c.Db, c.Arg(1), c.Request.GetSequence(2), timestamp, meta, tags, flags, expiresAt);
        return c.Reply(result, static (c, r, _) =>
        {
            if (c.TryReplyStoreError(r.Status)) return;
            if (r.Status == OpStatus.NotPerformed) c.NullBulk();
            else
            {
                // A Next.js entry is announced as a string "set" (its TTL rides along, as with SET EX).
                c.Notify(NotifyClasses.String, "set", c.Arg(1));
                c.Ok();
            }
        });
    }

    /// <summary>EX/PX/EXAT/PXAT at <paramref name="i"/>; false when the argument is not one of them.</summary>
    private static bool TryExpiry(CommandContext c, int i, out long expiresAt, out bool failed)
    {
        expiresAt = 0;
        failed = false;
        bool seconds, relative;
        if (c.ArgIs(i, "EX"u8)) (seconds, relative) = (true, true);
        else if (c.ArgIs(i, "PX"u8)) (seconds, relative) = (false, true);
        else if (c.ArgIs(i, "EXAT"u8)) (seconds, relative) = (true, false);
        else if (c.ArgIs(i, "PXAT"u8)) (seconds, relative) = (false, false);
        else return false;
        failed = true;
        if (!c.Request.TryGetInt64(i + 1, out long amount))
        {
            c.Error(Errors.NotInteger);
            return true;
        }
        if (amount <= 0 || (seconds && amount > long.MaxValue / 1000))
        {
            c.Error(Errors.InvalidExpire("nextset"));
            return true;
        }
        long ms = seconds ? amount * 1000 : amount;
        long now = c.Store.NowMs;
        if (relative && ms > long.MaxValue - now)
        {
            c.Error(Errors.InvalidExpire("nextset"));
            return true;
        }
        expiresAt = relative ? now + ms : ms;
        failed = false;
        return true;
    }

    /// <summary>NEXTGET key [SOFTTAGS n tag …] → nil, or [ts, staleAt, meta, [tags…], value].</summary>
    public static ValueTask NextGet(CommandContext c)
    {
        var softTags = ReadOnlySpan<byte>.Empty;
        if (c.Count > 2)
        {
            if (!c.ArgIs(2, "SOFTTAGS"u8) || c.Count < 4)
            {
                c.Error(Errors.Syntax);
                return default;
            }
            if (!c.Request.TryGetInt64(3, out long count) || count < 0 || count > TagList.MaxTags)
            {
                c.Error(Errors.NotInteger);
                return default;
            }
            if (4 + count != c.Count)
            {
                c.Error(Errors.Syntax);
                return default;
            }
            if (!TryEncodeTags(c, 4, (int)count, out softTags)) return default;
        }
        return c.Reply(c.Store.NextGet(c.Db, c.Arg(1), softTags, c.EntrySink), static (c, r, _) =>
        {
            if (c.TryReplyStoreError(r.Status)) return;
            if (!r.IsOk) c.NullBulk();
        });
    }

    /// <summary>Encodes request arguments as a <see cref="TagList"/> in the connection's scratch buffer: no allocation per read.</summary>
    private static bool TryEncodeTags(CommandContext c, int first, int count, out ReadOnlySpan<byte> encoded)
    {
        // Lengths are checked before the scratch buffer grows (it is kept for the connection's life).
        int size = sizeof(ushort) * (count + 1);
        for (int i = first; i < first + count; i++)
        {
            int length = c.Arg(i).Length;
            if (length > TagList.MaxTagLength)
            {
                c.Error("ERR tag is too long");
                encoded = default;
                return false;
            }
            size += length;
        }
        var buffer = c.Scratch(size);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(buffer, (ushort)count);
        int offset = sizeof(ushort);
        for (int i = first; i < first + count; i++)
        {
            var tag = c.Arg(i);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(buffer[offset..], (ushort)tag.Length);
            tag.CopyTo(buffer[(offset + sizeof(ushort))..]);
            offset += sizeof(ushort) + tag.Length;
        }
        encoded = buffer;
        return true;
    }

    /// <summary>NEXTTAG n tag … [EXPIRE s | STALE] [AT ms] → the number of tags revalidated, durable before the reply.</summary>
    public static async ValueTask NextTag(CommandContext c)
    {
        if (!c.Request.TryGetInt64(1, out long count) || count < 0 || count > TagList.MaxTags)
        {
            c.Error(Errors.NotInteger);
            return;
        }
        if (2 + count > c.Count)
        {
            c.Error(Errors.Syntax);
            return;
        }
        var tags = new List<byte[]>();
        for (int i = 2; i < 2 + count; i++)
        {
            if (c.Arg(i).Length > TagList.MaxTagLength)
            {
                c.Error("ERR tag is too long");
                return;
            }
            tags.Add(c.Arg(i).ToArray());
        }
        var kind = TagRevalidation.ExpireNow;
        long expireSeconds = 0;
        long? at = null;
        for (int i = (int)(2 + count); i < c.Count; i++)
        {
            bool hasNext = i + 1 < c.Count;
            if (c.ArgIs(i, "EXPIRE"u8) && hasNext && kind == TagRevalidation.ExpireNow)
            {
                // Up to Next's INFINITE_CACHE (4294967294 s), the expire of the default cacheLife profile.
                if (!c.Request.TryGetInt64(++i, out expireSeconds) || expireSeconds < 0 || expireSeconds > 4294967294L)
                {
                    c.Error(Errors.NotInteger);
                    return;
                }
                kind = TagRevalidation.StaleThenExpire;
            }
            else if (c.ArgIs(i, "STALE"u8) && kind == TagRevalidation.ExpireNow) kind = TagRevalidation.StaleOnly;
            else if (c.ArgIs(i, "AT"u8) && hasNext && at is null)
            {
                if (!c.Request.TryGetInt64(++i, out long atMs) || atMs < 0)
                {
                    c.Error(Errors.NotInteger);
                    return;
                }
                at = atMs;
            }
            else
            {
                c.Error(Errors.Syntax);
                return;
            }
        }
        var store = c.Server.Store;
        int db = c.Db;
        // The journal's fsync waits for the disk: do it off the socket thread, reply when it is done.
        int written = tags.Count == 0 ? 0 : await Task.Run(() => store.RevalidateTags(db, tags, kind, expireSeconds, at)).ConfigureAwait(false);
        c.Integer(written);
    }
}
