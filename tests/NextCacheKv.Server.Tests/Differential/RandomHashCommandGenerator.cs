using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests.Differential;

/// <summary>
/// Seeded random hash commands over six keys (one of them often a string) and ten fields, mixed with
/// the key commands that move, copy, expire and overwrite hashes. Hashes stay within Redis's listpack
/// limits, so Redis replies in insertion order and whole-hash replies compare exactly; only
/// HRANDFIELD picks that are truly random are compared by type. Floats stay dyadic (see
/// <see cref="RandomCommandGenerator"/>).
/// </summary>
public sealed class RandomHashCommandGenerator(int seed)
{
    private static readonly string[] Values = ["0", "1", "-5", "10.5", "abc", "", "x y", "3e2", "007", "9.75", "-0"];

    private static readonly string[] Increments = ["1", "-1", "100", "0", "abc", "-7", "2.5", "9223372036854775807"];

    private static readonly string[] FloatIncrements = ["1.5", "-2", "0.25", "3.0e3", "abc", "-0.5", "1e3", "inf"];

    private readonly Random random = new(seed);

    public IEnumerable<DiffStep> Generate(int count)
    {
        for (int i = 0; i < count; i++)
            yield return Next();
    }

    private DiffStep Next() => random.Next(34) switch
    {
        0 or 1 or 2 or 3 => Command(["HSET", Key(), .. Pairs()]),
        4 => Command(["HMSET", Key(), .. Pairs()]),
        5 => Command("HSETNX", Key(), Field(), Value()),
        6 or 7 => Command("HGET", Key(), Field()),
        8 => Command(["HMGET", Key(), .. Fields(1, 4)]),
        9 or 10 => Command(["HDEL", Key(), .. Fields(1, 3)]),
        11 => Command("HEXISTS", Key(), Field()),
        12 => Command("HLEN", Key()),
        13 => Command("HSTRLEN", Key(), Field()),
        14 or 15 => Command("HGETALL", Key()),
        16 => Command(Pick("HKEYS", "HVALS"), Key()),
        17 or 18 => Command("HINCRBY", Key(), Field(), Pick(Increments)),
        19 => Command("HINCRBYFLOAT", Key(), Field(), Pick(FloatIncrements)),
        20 => Command(["HRANDFIELD", Key(), "100", .. PickArgs([], ["WITHVALUES"])]),
        21 => Command(["HRANDFIELD", Key(), Pick("1", "2", "-3", "0"), .. PickArgs([], ["WITHVALUES"])]).TypeOnly(),
        22 => Command(["HSCAN", Key(), "0", .. PickArgs([], ["MATCH", "f[0-4]"], ["COUNT", "2"], ["MATCH", "*", "COUNT", "100"])]),
        23 => Command(["DEL", .. Keys(1, 2)]),
        24 => Command("TYPE", Key()),
        25 => Command(["EXPIRE", Key(), Pick("1000", "5000", "0")]),
        26 => Command(Pick("TTL", "PERSIST"), Key()).RemainingTime(),
        27 => Command(Pick("RENAME", "RENAMENX"), Key(), Key()),
        28 => Command(["COPY", Key(), Key(), .. PickArgs([], ["REPLACE"])]),
        29 => Command("SET", Key(), Value()),
        30 => random.Next(3) switch { 0 => Command("GET", Key()), 1 => Command("INCR", Key()), _ => Command("APPEND", Key(), "z") },
        31 => Command("EXISTS", Key()),
        32 => Command("HRANDFIELD", Key()).TypeOnly(),
        _ => Command("DBSIZE"),
    };

    private string Key() => "h" + random.Next(6);

    private string Field() => "f" + random.Next(10);

    private string Value() => Values[random.Next(Values.Length)];

    private string[] Fields(int min, int max) => [.. Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Field())];

    private string[] Pairs() => [.. Enumerable.Range(0, random.Next(1, 4)).SelectMany(_ => new[] { Field(), Value() })];

    private string[] Keys(int min, int max) => [.. Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Key())];

    private string Pick(params string[] choices) => choices[random.Next(choices.Length)];

    private string[] PickArgs(params string[][] choices) => choices[random.Next(choices.Length)];
}
