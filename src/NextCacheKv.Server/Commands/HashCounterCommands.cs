using System.Text;
using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>HINCRBY and HINCRBYFLOAT: Redis's parsing rules, overflow checks and long double formatting.</summary>
internal static class HashCounterCommands
{
    private const string NotIntegerField = "ERR hash value is not an integer";
    private const string NotFloatField = "ERR hash value is not a float";
    private const string NanOrInfinityIncrement = "ERR value is NaN or Infinity";

    public static ValueTask HIncrBy(CommandContext c)
    {
        // The increment is checked before the key, so a bad one wins over WRONGTYPE, as in Redis.
        if (!c.Request.TryGetInt64(3, out long increment))
        {
            c.Error(Errors.NotInteger);
            return default;
        }
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFindOrCreate(key, ValueKind.Hash, out HashObject hash)) return default;
        long current = 0;
        if (hash.TryGetValue(c.Arg(2), out var text) && !StringMath.TryParseInt64(text, out current))
        {
            c.Error(NotIntegerField);
            return default;
        }
        if ((increment < 0 && current < 0 && increment < long.MinValue - current) ||
            (increment > 0 && current > 0 && increment > long.MaxValue - current))
        {
            c.Error(Errors.Overflow);
            return default;
        }
        long result = current + increment;
        hash.Set(c.Arg(2), HashCommands.FormatInteger(result));
        c.Changed(key, hash);
        c.Notify(NotifyClasses.Hash, "hincrby", key);
        c.Integer(result);
        return default;
    }

    public static ValueTask HIncrByFloat(CommandContext c)
    {
        if (!LongDouble.TryParse(c.Arg(3), out var increment))
        {
            c.Error(Errors.NotFloat);
            return default;
        }
        if (increment.IsInfinity)
        {
            c.Error(NanOrInfinityIncrement);
            return default;
        }
        var key = c.Arg(1);
        using var held = c.LockKey(key);
        if (!c.TryFindOrCreate(key, ValueKind.Hash, out HashObject hash)) return default;
        var current = default(LongDouble);
        if (hash.TryGetValue(c.Arg(2), out var text) && !LongDouble.TryParse(text, out current))
        {
            c.Error(NotFloatField);
            return default;
        }
        var sum = current + increment;
        if (sum.IsInfinity)
        {
            c.Error(Errors.NanOrInfinity);
            return default;
        }
        byte[] formatted = Encoding.ASCII.GetBytes(sum.ToHumanString());
        hash.Set(c.Arg(2), formatted);
        c.Changed(key, hash);
        c.Notify(NotifyClasses.Hash, "hincrbyfloat", key);
        c.Bulk(formatted);
        return default;
    }
}
