namespace NextCacheKv.Server.Commands;

/// <summary>
/// The count (and optional WITHVALUES / WITHSCORES) of HRANDFIELD, SRANDMEMBER and ZRANDMEMBER, checked in
/// Redis's order with its errors. False means the error has been replied.
/// </summary>
internal static class RandomCount
{
    /// <summary>The count at argument 2: an integer other than <see cref="long.MinValue"/> (whose negation Redis cannot take).</summary>
    public static bool TryParse(CommandContext c, out long count)
    {
        if (!c.Request.TryGetInt64(2, out count))
        {
            c.Error(Errors.NotInteger);
            return false;
        }
        if (count == long.MinValue)
        {
            c.Error(Errors.CountOutOfLongRange);
            return false;
        }
        return true;
    }

    /// <summary>The count, then an optional <paramref name="flag"/> at argument 3; with the flag, Redis bounds the count so the doubled RESP2 reply length cannot overflow.</summary>
    public static bool TryParse(CommandContext c, ReadOnlySpan<byte> flag, out long count, out bool withFlag)
    {
        withFlag = false;
        if (!TryParse(c, out count)) return false;
        if (c.Count > 4 || (c.Count == 4 && !c.ArgIs(3, flag)))
        {
            c.Error(Errors.Syntax);
            return false;
        }
        withFlag = c.Count == 4;
        if (withFlag && (count < -long.MaxValue / 2 || count > long.MaxValue / 2))
        {
            c.Error(Errors.ValueOutOfRange);
            return false;
        }
        return true;
    }
}
