using NextCacheKv.Storage;

namespace NextCacheKv.Server.Commands;

/// <summary>EXPIRE family with NX/XX/GT/LT, TTL/PTTL, EXPIRETIME/PEXPIRETIME, PERSIST.</summary>
internal static class ExpiryCommands
{
    public static ValueTask Expire(CommandContext c) => SetExpiry(c, "expire", seconds: true, absolute: false);
    public static ValueTask PExpire(CommandContext c) => SetExpiry(c, "pexpire", seconds: false, absolute: false);
    public static ValueTask ExpireAt(CommandContext c) => SetExpiry(c, "expireat", seconds: true, absolute: true);
    public static ValueTask PExpireAt(CommandContext c) => SetExpiry(c, "pexpireat", seconds: false, absolute: true);

    private static ValueTask SetExpiry(CommandContext c, string command, bool seconds, bool absolute)
    {
        if (!c.Request.TryGetInt64(2, out long amount))
        {
            c.Error(Errors.NotInteger);
            return default;
        }
        if (!TryParseCondition(c, out var condition)) return default;
        long now = c.Store.NowMs;
        if ((seconds && (amount > long.MaxValue / 1000 || amount < long.MinValue / 1000)))
        {
            c.Error(Errors.InvalidExpire(command));
            return default;
        }
        long ms = seconds ? amount * 1000 : amount;
        if (!absolute)
        {
            if ((ms > 0 && ms > long.MaxValue - now) || (ms < 0 && ms < long.MinValue + now))
            {
                c.Error(Errors.InvalidExpire(command));
                return default;
            }
            ms += now;
        }
        // A time at or before now deletes the key; the store treats any value <= now that way.
        long expiresAt = ms <= 0 ? 1 : ms;
        return c.Reply(c.Store.Expire(c.Db, c.Arg(1), expiresAt, condition), ReplyExpire);
    }

    /// <summary>"expire", or "del" when the store found the time already past and removed the key.</summary>
    private static void ReplyExpire(CommandContext c, StoreResult r, long state)
    {
        if (r.IsOk) c.Notify(NotifyClasses.Generic, r.Removed ? "del" : "expire", c.Arg(1));
        StringCommands.ReplyPerformed(c, r, 0);
    }

    private static bool TryParseCondition(CommandContext c, out StoreFlags condition)
    {
        condition = StoreFlags.None;
        bool nx = false, xx = false, gt = false, lt = false;
        for (int i = 3; i < c.Count; i++)
        {
            if (c.ArgIs(i, "NX"u8)) nx = true;
            else if (c.ArgIs(i, "XX"u8)) xx = true;
            else if (c.ArgIs(i, "GT"u8)) gt = true;
            else if (c.ArgIs(i, "LT"u8)) lt = true;
            else
            {
                c.Error($"ERR Unsupported option {c.ArgString(i)}");
                return false;
            }
        }
        if (nx && (xx || gt || lt))
        {
            c.Error("ERR NX and XX, GT or LT options at the same time are not compatible");
            return false;
        }
        if (gt && lt)
        {
            c.Error("ERR GT and LT options at the same time are not compatible");
            return false;
        }
        // XX combines with GT/LT: GT already implies an expiry exists, LT with XX needs one.
        condition = nx ? StoreFlags.IfMissing : gt ? StoreFlags.IfGreater : lt ? (xx ? StoreFlags.IfLess | StoreFlags.IfExists : StoreFlags.IfLess) : xx ? StoreFlags.IfExists : StoreFlags.None;
        return true;
    }

    public static ValueTask Ttl(CommandContext c) => Report(c, TimeReport.RemainingSeconds);
    public static ValueTask PTtl(CommandContext c) => Report(c, TimeReport.RemainingMilliseconds);
    public static ValueTask ExpireTime(CommandContext c) => Report(c, TimeReport.AbsoluteSeconds);
    public static ValueTask PExpireTime(CommandContext c) => Report(c, TimeReport.AbsoluteMilliseconds);

    private enum TimeReport { RemainingSeconds, RemainingMilliseconds, AbsoluteSeconds, AbsoluteMilliseconds }

    private static ValueTask Report(CommandContext c, TimeReport report)
        => c.Reply(c.Store.Inspect(c.Db, c.Arg(1)), ReplyTime, (long)report);

    private static void ReplyTime(CommandContext c, StoreResult r, long report)
    {
        if (!r.IsOk)
        {
            c.Integer(-2);
            return;
        }
        long expiresAt = r.Integer;
        if (expiresAt == 0)
        {
            c.Integer(-1);
            return;
        }
        // The time left now, from the clock itself: inside a script, where keys see the script's start time, Redis
        // 7.0 still counts TTL and PTTL down.
        long remaining = Math.Max(0, expiresAt - c.Store.Store.NowMs);
        c.Integer((TimeReport)report switch
        {
            TimeReport.RemainingSeconds => (remaining + 500) / 1000,
            TimeReport.RemainingMilliseconds => remaining,
            TimeReport.AbsoluteSeconds => expiresAt / 1000,
            _ => expiresAt,
        });
    }

    public static ValueTask Persist(CommandContext c)
        => c.Reply(c.Store.Persist(c.Db, c.Arg(1)), static (c, r, _) =>
        {
            if (r.IsOk) c.Notify(NotifyClasses.Generic, "persist", c.Arg(1));
            StringCommands.ReplyPerformed(c, r, 0);
        });
}
