using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests.Differential;

/// <summary>
/// Seeded random string and key commands over ten keys, so keys collide often and every command meets
/// missing, numeric, textual and expiring values. Nothing depends on timing: expiries are long, and
/// remaining times are only compared by sign. Numbers stay small and floats dyadic (exact in binary):
/// Redis adds floats in 80-bit long double, and that precision is tested on its own in
/// <see cref="CounterScripts.Floats"/> rather than letting it end every random run early.
/// </summary>
public sealed class RandomCommandGenerator(int seed)
{
    private static readonly string[] Values =
        ["0", "1", "-5", "10.5", "abc", "", "hello world", "3e2", " 7", "-0", "007", "9.75"];

    private static readonly string[] Increments = ["1", "-1", "100", "0", "abc", "-7", "2.5"];

    private static readonly string[] FloatIncrements = ["1.5", "-2", "0.25", "3.0e3", "abc", "-0.5", "1e3"];

    private readonly Random random = new(seed);

    public IEnumerable<DiffStep> Generate(int count)
    {
        for (int i = 0; i < count; i++)
            yield return Next();
    }

    private DiffStep Next() => random.Next(40) switch
    {
        0 or 1 or 2 => Command(["SET", Key(), Value(), .. SetOptions()]),
        3 or 4 => Command("GET", Key()),
        5 => Command("SETNX", Key(), Value()),
        6 => Command("GETSET", Key(), Value()),
        7 => Command("GETDEL", Key()),
        8 => Command(["GETEX", Key(), .. PickArgs([], ["PERSIST"], ["EX", LongExpiry()], ["PXAT", "4102444800000"])]),
        9 => Command(["MGET", .. Keys(1, 4)]),
        10 => Command(["MSET", .. KeyValuePairs()]),
        11 => Command(["MSETNX", .. KeyValuePairs()]),
        12 or 13 => Command("APPEND", Key(), Value()),
        14 => Command("STRLEN", Key()),
        15 => Command("GETRANGE", Key(), SmallIndex(), SmallIndex()),
        16 => Command("SETRANGE", Key(), random.Next(0, 12).ToString(), Value()),
        17 or 18 => Command(Pick("INCR", "DECR"), Key()),
        19 => Command(Pick("INCRBY", "DECRBY"), Key(), Pick(Increments)),
        20 => Command("INCRBYFLOAT", Key(), Pick(FloatIncrements)),
        21 => Command(["DEL", .. Keys(1, 3)]),
        22 => Command(["UNLINK", .. Keys(1, 3)]),
        23 => Command(["EXISTS", .. Keys(1, 4)]),
        24 => Command("TYPE", Key()),
        25 => Command(["TOUCH", .. Keys(1, 3)]),
        26 or 27 => Command(["EXPIRE", Key(), Pick(LongExpiry(), LongExpiry(), "0", "-1"), .. PickArgs([], ["NX"], ["XX"], ["GT"], ["LT"])]),
        28 => Command(["PEXPIREAT", Key(), Pick("4102444800000", "4102444900000"), .. PickArgs([], ["GT"], ["LT"])]),
        29 => Command(Pick("TTL", "PTTL"), Key()).RemainingTime(),
        30 => Command("PERSIST", Key()),
        31 => Command(Pick("RENAME", "RENAMENX"), Key(), Key()),
        32 => Command(["COPY", Key(), Key(), .. PickArgs([], ["REPLACE"], ["DB", "1"], ["DB", "1", "REPLACE"])]),
        33 => Command("MOVE", Key(), Pick("0", "1")),
        34 => Command("SELECT", Pick("0", "1")),
        35 => Command("DBSIZE"),
        36 => Command("KEYS", Pick("*", "k1*", "k?", "*[0-4]")).Unordered(),
        37 => random.Next(10) == 0 ? Command("SWAPDB", "0", "1") : Command("EXISTS", Key()),
        38 => random.Next(20) == 0 ? Command("FLUSHDB") : Command("GET", Key()),
        _ => Command("SCAN", "0", "COUNT", "1000").Unordered(),
    };

    private string Key() => "k" + random.Next(10);

    private string Value() => Pick(Values);

    private string LongExpiry() => random.Next(1000, 100_000).ToString();

    private string SmallIndex() => random.Next(-15, 15).ToString();

    private string[] Keys(int min, int max) => [.. Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Key())];

    private string[] KeyValuePairs() => [.. Enumerable.Range(0, random.Next(1, 4)).SelectMany(_ => new[] { Key(), Value() })];

    private string[] SetOptions() => PickArgs(
        [], [], ["NX"], ["XX"], ["GET"], ["EX", LongExpiry()], ["PX", LongExpiry() + "000"],
        ["XX", "KEEPTTL"], ["NX", "GET"], ["EXAT", "4102444800"], ["EX", "0"]);

    private string Pick(params string[] choices) => choices[random.Next(choices.Length)];

    private string[] PickArgs(params string[][] choices) => choices[random.Next(choices.Length)];
}
