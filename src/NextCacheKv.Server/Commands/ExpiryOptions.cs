using NextCacheKv.Storage;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// Parses SET's and GETEX's option grammar ([NX|XX] [GET] [EX|PX|EXAT|PXAT|KEEPTTL|PERSIST]) and turns
/// relative times into absolute Unix milliseconds with Redis's overflow checks. Writes the error itself.
/// </summary>
internal static class ExpiryOptions
{
    private enum Unit { None, Seconds, Milliseconds, UnixSeconds, UnixMilliseconds }

    public readonly record struct Parsed(StoreFlags Flags, long ExpiresAt, bool Persist, bool HasExpiry);

    public static bool TryParse(CommandContext c, int start, string command, bool forGetEx, out Parsed parsed)
    {
        parsed = default;
        var flags = StoreFlags.None;
        var unit = Unit.None;
        int timeArg = -1;
        bool persist = false;
        for (int i = start; i < c.Count; i++)
        {
            bool hasNext = i + 1 < c.Count;
            bool expiryChosen = unit != Unit.None || persist || (flags & StoreFlags.KeepTtl) != 0;
            if (!forGetEx && c.ArgIs(i, "NX"u8) && (flags & StoreFlags.IfExists) == 0) flags |= StoreFlags.IfMissing;
            else if (!forGetEx && c.ArgIs(i, "XX"u8) && (flags & StoreFlags.IfMissing) == 0) flags |= StoreFlags.IfExists;
            else if (!forGetEx && c.ArgIs(i, "GET"u8)) flags |= StoreFlags.ReturnOld;
            else if (!forGetEx && c.ArgIs(i, "KEEPTTL"u8) && !expiryChosen) flags |= StoreFlags.KeepTtl;
            else if (forGetEx && c.ArgIs(i, "PERSIST"u8) && !expiryChosen) persist = true;
            else if (c.ArgIs(i, "EX"u8) && hasNext && !expiryChosen) { unit = Unit.Seconds; timeArg = ++i; }
            else if (c.ArgIs(i, "PX"u8) && hasNext && !expiryChosen) { unit = Unit.Milliseconds; timeArg = ++i; }
            else if (c.ArgIs(i, "EXAT"u8) && hasNext && !expiryChosen) { unit = Unit.UnixSeconds; timeArg = ++i; }
            else if (c.ArgIs(i, "PXAT"u8) && hasNext && !expiryChosen) { unit = Unit.UnixMilliseconds; timeArg = ++i; }
            else
            {
                c.Error(Errors.Syntax);
                return false;
            }
        }
        long expiresAt = 0;
        if (unit != Unit.None)
        {
            if (!c.Request.TryGetInt64(timeArg, out long amount))
            {
                c.Error(Errors.NotInteger);
                return false;
            }
            if (!TryToAbsolute(amount, unit, c.Store.NowMs, out expiresAt))
            {
                c.Error(Errors.InvalidExpire(command));
                return false;
            }
        }
        parsed = new Parsed(flags, expiresAt, persist, unit != Unit.None);
        return true;
    }

    /// <summary>SETEX / PSETEX: a positive relative time.</summary>
    public static bool TryRelative(CommandContext c, int index, bool milliseconds, string command, out long expiresAt)
    {
        expiresAt = 0;
        if (!c.Request.TryGetInt64(index, out long amount))
        {
            c.Error(Errors.NotInteger);
            return false;
        }
        if (!TryToAbsolute(amount, milliseconds ? Unit.Milliseconds : Unit.Seconds, c.Store.NowMs, out expiresAt))
        {
            c.Error(Errors.InvalidExpire(command));
            return false;
        }
        return true;
    }

    private static bool TryToAbsolute(long amount, Unit unit, long now, out long expiresAt)
    {
        expiresAt = 0;
        if (amount <= 0) return false;
        bool seconds = unit is Unit.Seconds or Unit.UnixSeconds;
        if (seconds && amount > long.MaxValue / 1000) return false;
        long ms = seconds ? amount * 1000 : amount;
        if (unit is Unit.Seconds or Unit.Milliseconds)
        {
            if (ms > long.MaxValue - now) return false;
            ms += now;
        }
        expiresAt = ms;
        return true;
    }
}
