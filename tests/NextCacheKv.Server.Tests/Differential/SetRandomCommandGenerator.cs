namespace NextCacheKv.Server.Tests.Differential;

/// <summary>One generated set command; <see cref="IsRandom"/> marks SPOP/SRANDMEMBER, checked by properties.</summary>
public sealed record SetAction(string[] Args, bool IsRandom = false);

/// <summary>
/// Seeded random set commands over six keys (and one that is sometimes a string), members drawn from
/// a small pool of integers and words so sets overlap, empty out, and switch between integer-only and
/// mixed. Listing replies are compared unordered.
/// </summary>
public sealed class SetRandomCommandGenerator(int seed)
{
    private static readonly string[] Pool = ["1", "2", "3", "10", "-4", "007", "a", "b", "c", "dd", "", "x y"];

    private readonly Random random = new(seed);

    public IEnumerable<SetAction> Generate(int count)
    {
        for (int i = 0; i < count; i++)
            yield return Next();
    }

    private SetAction Next() => random.Next(26) switch
    {
        0 or 1 or 2 or 3 => new(["SADD", Key(), .. Members(1, 4)]),
        4 or 5 => new(["SREM", Key(), .. Members(1, 3)]),
        6 => new(["SCARD", Key()]),
        7 => new(["SISMEMBER", Key(), Member()]),
        8 => new(["SMISMEMBER", Key(), .. Members(1, 4)]),
        9 => new(["SMEMBERS", Key()]),
        10 => new(["SMOVE", Key(), Key(), Member()]),
        11 => new([Pick("SINTER", "SUNION", "SDIFF"), .. Keys(1, 3)]),
        12 => new([Pick("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"), Key(), .. Keys(1, 3)]),
        13 => SInterCard(),
        14 => new(["SSCAN", Key(), "0", "COUNT", "1000", .. PickArgs([], ["MATCH", "*1*"], ["MATCH", "?"])]),
        15 or 16 => new(["SPOP", Key(), .. PickArgs([], ["0"], ["1"], ["2"], ["5"], ["100"])], IsRandom: true),
        17 or 18 => new(["SRANDMEMBER", Key(), .. PickArgs([], ["0"], ["1"], ["3"], ["-3"], ["100"], ["-20"])], IsRandom: true),
        19 => random.Next(4) == 0 ? new(["SET", Key(), "string"]) : new(["TYPE", Key()]),
        20 => new(["DEL", Key()]),
        21 => new(["EXISTS", .. Keys(1, 3)]),
        22 => new(["EXPIRE", Key(), "1000"]),
        23 => new(["RENAME", Key(), Key()]),
        24 => new(["COPY", Key(), Key(), "REPLACE"]),
        _ => new(["DBSIZE"]),
    };

    private SetAction SInterCard()
    {
        var keys = Keys(1, 3);
        return new(["SINTERCARD", keys.Length.ToString(), .. keys, .. PickArgs([], ["LIMIT", "0"], ["LIMIT", "1"], ["LIMIT", "3"])]);
    }

    private string Key() => "s" + random.Next(6);

    private string Member() => Pool[random.Next(Pool.Length)];

    private string[] Members(int min, int max) => [.. Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Member())];

    private string[] Keys(int min, int max) => [.. Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Key())];

    private string Pick(params string[] choices) => choices[random.Next(choices.Length)];

    private string[] PickArgs(params string[][] choices) => choices[random.Next(choices.Length)];
}
