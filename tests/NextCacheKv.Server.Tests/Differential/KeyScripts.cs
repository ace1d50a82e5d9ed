using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests.Differential;

/// <summary>Generic key commands: existence, deletion, type and expiry with its NX/XX/GT/LT conditions.</summary>
public static class KeyScripts
{
    public static DifferentialScript Existence { get; } = new("DEL UNLINK EXISTS TYPE TOUCH", [
        Command("MSET", "a", "1", "b", "2", "c", "3"),
        Command("DEL", "a", "b", "missing"),
        Command("DEL", "a"),
        Command("EXISTS", "a", "b", "c", "c", "missing"),
        Command("UNLINK", "c", "c"),
        Command("EXISTS", "c"),
        Command("TYPE", "a"),
        Command("SET", "s", "x"),
        Command("TYPE", "s"),
        Command("TOUCH", "s", "missing", "s"),
        Command("TOUCH", "missing"),
        Command("DEL", "s", "s"),
    ]);

    public static DifferentialScript ExpireConditions { get; } = new("EXPIRE NX XX GT LT", [
        Command("SET", "e", "v"),
        Command("EXPIRE", "e", "100"),
        Command("TTL", "e").RemainingTime(),
        Command("EXPIRE", "e", "50", "NX"),
        Command("EXPIRE", "e", "200", "XX"),
        Command("TTL", "e").RemainingTime(),
        Command("EXPIRE", "e", "100", "GT"),
        Command("EXPIRE", "e", "300", "gt"),
        Command("EXPIRE", "e", "400", "LT"),
        Command("EXPIRE", "e", "150", "LT"),
        Command("TTL", "e").RemainingTime(),
        Command("PERSIST", "e"),
        Command("PERSIST", "e"),
        Command("TTL", "e").RemainingTime(),
        Command("EXPIRE", "e", "100", "XX"),
        Command("EXPIRE", "e", "100", "GT"),
        Command("EXPIRE", "e", "100", "LT"),
        Command("TTL", "e").RemainingTime(),
        Command("EXPIRE", "e", "100", "NX", "XX"),
        Command("EXPIRE", "e", "100", "GT", "LT"),
        Command("EXPIRE", "e", "100", "NX", "GT"),
        // 150, not 100: "100 GT" after "100" depends on whether a millisecond passed in between.
        Command("EXPIRE", "e", "150", "XX", "GT"),
        Command("EXPIRE", "e", "abc"),
        Command("EXPIRE", "e", "1.5"),
        Command("EXPIRE", "e", "100", "BAD"),
        Command("EXPIRE", "missing", "100"),
        Command("EXPIRE", "missing", "100", "XX"),
        Command("EXPIRE", "e", "9223372036854775807"),
        Command("PEXPIRE", "e", "9223372036854775807"),
        Command("EXPIREAT", "e", "9223372036854775807"),
        Command("EXPIRE", "e", "-9223372036854775808"),
        Command("TTL", "e").RemainingTime(),
    ]);

    public static DifferentialScript ExpireVariants { get; } = new("PEXPIRE EXPIREAT PEXPIREAT TTL PTTL PERSIST", [
        Command("SET", "e", "v"),
        Command("PEXPIRE", "e", "200000"),
        Command("TTL", "e").RemainingTime(),
        Command("PEXPIRE", "e", "100000", "GT"),
        Command("PEXPIRE", "e", "100000", "LT"),
        Command("TTL", "e").RemainingTime(),
        Command("EXPIREAT", "e", "4102444800"),
        Command("EXPIREAT", "e", "4102444800", "NX"),
        Command("EXPIREAT", "e", "4102444801", "GT"),
        Command("PERSIST", "e"),
        Command("PEXPIREAT", "e", "4102444800000"),
        Command("PEXPIREAT", "e", "4102444800000", "XX"),
        Command("PERSIST", "e"),
        Command("TTL", "missing").RemainingTime(),
        Command("PTTL", "missing").RemainingTime(),
        Command("TTL", "e").RemainingTime(),
        Command("PTTL", "e").RemainingTime(),
        Command("PERSIST", "missing"),
        Command("EXPIRE", "e", "0"),
        Command("EXISTS", "e"),
        Command("SET", "e", "v"),
        Command("EXPIRE", "e", "-1"),
        Command("EXISTS", "e"),
        Command("SET", "e", "v"),
        Command("PEXPIRE", "e", "0"),
        Command("GET", "e"),
        Command("SET", "e", "v"),
        Command("EXPIREAT", "e", "1"),
        Command("EXISTS", "e"),
        Command("SET", "e", "v"),
        Command("PEXPIREAT", "e", "1000"),
        Command("TTL", "e").RemainingTime(),
        Command("SET", "e", "v", "EX", "100"),
        Command("SET", "e", "overwritten"),
        Command("TTL", "e").RemainingTime(),
    ]);

    public static IEnumerable<DifferentialScript> All => [Existence, ExpireConditions, ExpireVariants];
}
