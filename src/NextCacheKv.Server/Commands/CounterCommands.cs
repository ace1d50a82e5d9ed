using NextCacheKv.Storage;

namespace NextCacheKv.Server.Commands;

/// <summary>INCR, DECR, INCRBY, DECRBY, INCRBYFLOAT.</summary>
internal static class CounterCommands
{
    public static ValueTask Incr(CommandContext c) => By(c, 1);

    public static ValueTask Decr(CommandContext c) => By(c, -1);

    public static ValueTask IncrBy(CommandContext c)
    {
        if (!c.Request.TryGetInt64(2, out long delta))
        {
            c.Error(Errors.NotInteger);
            return default;
        }
        return By(c, delta);
    }

    public static ValueTask DecrBy(CommandContext c)
    {
        if (!c.Request.TryGetInt64(2, out long delta))
        {
            c.Error(Errors.NotInteger);
            return default;
        }
        if (delta == long.MinValue)
        {
            c.Error("ERR decrement would overflow");
            return default;
        }
        return By(c, -delta);
    }

    private static ValueTask By(CommandContext c, long delta)
        => c.Reply(c.Store.IncrBy(c.Db, c.Arg(1), delta), static (c, r, _) =>
        {
            if (r.IsOk) c.Notify(NotifyClasses.String, "incrby", c.Arg(1));
            StringCommands.ReplyInteger(c, r, 0);
        });

    public static ValueTask IncrByFloat(CommandContext c)
    {
        if (!LongDouble.TryParse(c.Arg(2), out _))
        {
            c.Error(Errors.NotFloat);
            return default;
        }
        return c.Reply(c.Store.IncrByFloat(c.Db, c.Arg(1), c.Arg(2), c.BulkSink), ReplyFloat);
    }

    /// <summary>The sink wrote the new value already; Redis notifies after its reply here too.</summary>
    private static void ReplyFloat(CommandContext c, StoreResult r, long state)
    {
        if (!c.TryReplyStoreError(r.Status) && r.IsOk) c.Notify(NotifyClasses.String, "incrbyfloat", c.Arg(1));
    }
}
