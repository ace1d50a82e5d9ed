using NextCacheKv.Storage;

namespace NextCacheKv.Server.Commands;

/// <summary>GET, SET and the rest of the plain string family.</summary>
internal static class StringCommands
{
    public static ValueTask Get(CommandContext c)
        => c.Reply(c.Store.Get(c.Db, c.Arg(1), c.BulkSink), ReplyValue);

    /// <summary>A value was streamed by the sink already; otherwise null or the error.</summary>
    internal static void ReplyValue(CommandContext c, StoreResult r, long state)
    {
        if (r.IsOk)
        {
            c.Server.Stats.KeyspaceHits.Increment(c.Stripe);
            return;
        }
        if (c.TryReplyStoreError(r.Status)) return;
        c.Server.Stats.KeyspaceMisses.Increment(c.Stripe);
        c.NullBulk();
    }

    public static ValueTask Set(CommandContext c)
    {
        if (!ExpiryOptions.TryParse(c, 3, "set", forGetEx: false, out var options)) return default;
        bool returnOld = (options.Flags & StoreFlags.ReturnOld) != 0;
        var result = SetValue(c, 1, 2, options.Flags, options.ExpiresAt, returnOld ? c.BulkSink : null);
        return c.Reply(result, ReplySet, (returnOld ? ReturnsOld : 0) | (options.HasExpiry ? SetsExpiry : 0));
    }

    /// <summary>SET of argument <paramref name="keyIndex"/> to argument <paramref name="valueIndex"/>, handed over in one piece when it arrived in one.</summary>
    private static StoreResult SetValue(CommandContext c, int keyIndex, int valueIndex, StoreFlags flags, long expiresAt, IValueSink? oldValueSink = null)
        => c.Request.IsContiguous(valueIndex)
            ? c.Store.Set(c.Db, c.Arg(keyIndex), c.Request.GetMemory(valueIndex), flags, expiresAt, oldValueSink)
            : c.Store.Set(c.Db, c.Arg(keyIndex), c.Request.GetSequence(valueIndex), flags, expiresAt, oldValueSink);

    private const long ReturnsOld = 1;
    private const long SetsExpiry = 2;

    /// <summary>SET's events fire before its reply, as in Redis: "set", then "expire" when it gave a time.</summary>
    private static void ReplySet(CommandContext c, StoreResult r, long state)
    {
        if (c.TryReplyStoreError(r.Status)) return;
        if (r.Status == OpStatus.Ok)
        {
            c.Notify(NotifyClasses.String, "set", c.Arg(1));
            if ((state & SetsExpiry) != 0) c.Notify(NotifyClasses.Generic, "expire", c.Arg(1));
        }
        if ((state & ReturnsOld) != 0)
        {
            if (!c.BulkWritten) c.NullBulk();
        }
        else if (r.Status == OpStatus.NotPerformed) c.NullBulk();
        else c.Ok();
    }

    public static ValueTask SetNx(CommandContext c)
        => c.Reply(SetValue(c, 1, 2, StoreFlags.IfMissing, 0), static (c, r, _) =>
        {
            if (r.IsOk) c.Notify(NotifyClasses.String, "set", c.Arg(1));
            ReplyPerformed(c, r, 0);
        });

    internal static void ReplyPerformed(CommandContext c, StoreResult r, long state)
    {
        if (!c.TryReplyStoreError(r.Status)) c.Integer(r.IsOk ? 1 : 0);
    }

    public static ValueTask SetEx(CommandContext c) => SetWithTtl(c, milliseconds: false, "setex");

    public static ValueTask PSetEx(CommandContext c) => SetWithTtl(c, milliseconds: true, "psetex");

    private static ValueTask SetWithTtl(CommandContext c, bool milliseconds, string command)
    {
        if (!ExpiryOptions.TryRelative(c, 2, milliseconds, command, out long expiresAt)) return default;
        return c.Reply(SetValue(c, 1, 3, StoreFlags.None, expiresAt), ReplySet, SetsExpiry);
    }

    public static ValueTask GetSet(CommandContext c)
        => c.Reply(SetValue(c, 1, 2, StoreFlags.ReturnOld, 0, c.BulkSink), ReplySet, ReturnsOld);

    /// <summary>The value is the reply; "del" follows it, as in Redis.</summary>
    public static ValueTask GetDel(CommandContext c)
        => c.Reply(c.Store.GetDel(c.Db, c.Arg(1), c.BulkSink), static (c, r, _) =>
        {
            ReplyValue(c, r, 0);
            if (r.IsOk) c.Notify(NotifyClasses.Generic, "del", c.Arg(1));
        });

    public static ValueTask GetEx(CommandContext c)
    {
        if (!ExpiryOptions.TryParse(c, 2, "getex", forGetEx: true, out var options)) return default;
        var change = options.Persist ? ExpiryChange.Persist : options.HasExpiry ? ExpiryChange.Set : ExpiryChange.Keep;
        return c.Reply(c.Store.GetEx(c.Db, c.Arg(1), change, options.ExpiresAt, c.BulkSink), ReplyGetEx, (long)change);
    }

    /// <summary>After the value: "expire" (or "del" when the store found the time already past), or "persist" when a TTL was removed.</summary>
    private static void ReplyGetEx(CommandContext c, StoreResult r, long state)
    {
        ReplyValue(c, r, 0);
        if (!r.IsOk) return;
        var change = (ExpiryChange)state;
        if (change == ExpiryChange.Set) c.Notify(NotifyClasses.Generic, r.Removed ? "del" : "expire", c.Arg(1));
        else if (change == ExpiryChange.Persist && r.Integer != 0) c.Notify(NotifyClasses.Generic, "persist", c.Arg(1));
    }

    public static async ValueTask MGet(CommandContext c)
    {
        c.ArrayHeader(c.Count - 1);
        for (int i = 1; i < c.Count; i++)
        {
            MultiKeyWarming.Before(c, i, 1, 1);
            var result = await c.Complete(c.Store.Get(c.Db, c.Arg(i), c.BulkSink)).ConfigureAwait(false);
            if (!result.IsOk) c.NullBulk();
        }
    }

    public static async ValueTask MSet(CommandContext c)
    {
        if (c.Count % 2 == 0)
        {
            c.Error(Errors.WrongArity("mset"));
            return;
        }
        for (int i = 1; i < c.Count; i += 2)
        {
            MultiKeyWarming.Before(c, i, 1, 2);
            var result = await c.Complete(SetValue(c, i, i + 1, StoreFlags.None, 0)).ConfigureAwait(false);
            if (c.TryReplyStoreError(result.Status)) return;
            c.Notify(NotifyClasses.String, "set", c.Arg(i));
        }
        c.Ok();
    }

    /// <summary>All or nothing: checks every key first, then writes them all.</summary>
    public static async ValueTask MSetNx(CommandContext c)
    {
        if (c.Count % 2 == 0)
        {
            c.Error(Errors.WrongArity("msetnx"));
            return;
        }
        for (int i = 1; i < c.Count; i += 2)
        {
            MultiKeyWarming.Before(c, i, 1, 2);
            var probe = await c.Complete(c.Store.Inspect(c.Db, c.Arg(i))).ConfigureAwait(false);
            if (probe.IsOk)
            {
                c.Integer(0);
                return;
            }
        }
        for (int i = 1; i < c.Count; i += 2)
        {
            MultiKeyWarming.Before(c, i, 1, 2);
            var result = await c.Complete(SetValue(c, i, i + 1, StoreFlags.None, 0)).ConfigureAwait(false);
            if (c.TryReplyStoreError(result.Status)) return;
            c.Notify(NotifyClasses.String, "set", c.Arg(i));
        }
        c.Integer(1);
    }

    public static ValueTask Append(CommandContext c)
        => c.Reply(c.Store.Append(c.Db, c.Arg(1), c.Arg(2)), static (c, r, _) =>
        {
            if (r.IsOk) c.Notify(NotifyClasses.String, "append", c.Arg(1));
            ReplyInteger(c, r, 0);
        });

    internal static void ReplyInteger(CommandContext c, StoreResult r, long state)
    {
        if (!c.TryReplyStoreError(r.Status)) c.Integer(r.Integer);
    }

    public static ValueTask StrLen(CommandContext c)
        => c.Reply(c.Store.StrLen(c.Db, c.Arg(1)), ReplyInteger);

    public static ValueTask GetRange(CommandContext c)
    {
        if (!c.Request.TryGetInt64(2, out long start) || !c.Request.TryGetInt64(3, out long end))
        {
            c.Error(Errors.NotInteger);
            return default;
        }
        return c.Reply(c.Store.GetRange(c.Db, c.Arg(1), start, end, c.BulkSink), ReplyRange);
    }

    private static void ReplyRange(CommandContext c, StoreResult r, long state)
    {
        if (c.TryReplyStoreError(r.Status)) return;
        if (!c.BulkWritten) c.Bulk(ReadOnlySpan<byte>.Empty);
    }

    public static ValueTask SetRange(CommandContext c)
    {
        if (!c.Request.TryGetInt64(2, out long offset))
        {
            c.Error(Errors.NotInteger);
            return default;
        }
        if (offset < 0)
        {
            c.Error(Errors.OffsetOutOfRange);
            return default;
        }
        if (c.Arg(3).Length > 0 && offset + c.Arg(3).Length > c.Server.Options.Limits.MaxBulkLength)
        {
            c.Error(Errors.StringTooLong);
            return default;
        }
        return c.Reply(c.Store.SetRange(c.Db, c.Arg(1), offset, c.Arg(3)), static (c, r, _) =>
        {
            // An empty value changes nothing and, in Redis, notifies nothing.
            if (r.IsOk && c.Arg(3).Length > 0) c.Notify(NotifyClasses.String, "setrange", c.Arg(1));
            ReplyInteger(c, r, 0);
        });
    }
}
