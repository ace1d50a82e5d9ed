using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests.Differential;

/// <summary>
/// Seeded random sorted-set commands over four keys and 300 members, so sets grow past Redis's listpack
/// limit (128) and shrink again, scores collide, and every command meets missing keys and strings.
/// BYLEX commands only touch "lex", whose scores are all 0: with mixed scores Redis's lex results depend
/// on its skip list's random shape. ZSCAN is left to its own tests (cursors are implementation details).
/// </summary>
public sealed class RandomSortedSetCommandGenerator(int seed)
{
    private static readonly string[] Scores =
        ["0", "1", "-1", "2.5", "-0.5", "10", "1e3", "inf", "-inf", "0.1", "3", "7", "-0", "1e-3"];

    private static readonly string[] ScoreBounds =
        ["-inf", "+inf", "0", "(0", "1", "(1", "2.5", "(2.5", "10", "(10", "-1", "(-1", "1000", "inf", "(inf"];

    private static readonly string[] LexBounds = ["-", "+", "[m1", "(m1", "[m5", "(m20", "[m9", "(m", "[", "[m150"];

    private readonly Random random = new(seed);

    public IEnumerable<DiffStep> Generate(int count)
    {
        for (int i = 0; i < count; i++)
            yield return Next();
    }

    private DiffStep Next() => random.Next(40) switch
    {
        <= 7 => Command(["ZADD", Key(), .. ZAddOptions(), .. Pairs(random.Next(1, 9))]),
        8 => Command(["ZADD", Key(), .. PickArgs(["INCR"], ["INCR", "NX"], ["INCR", "XX"], ["INCR", "GT"], ["INCR", "LT"]), Score(), Member()]),
        9 or 10 => Command("ZINCRBY", Key(), Score(), Member()),
        11 or 12 => Command(["ZREM", Key(), .. Members(1, 5)]),
        13 => Command("ZSCORE", Key(), Member()),
        14 => Command(["ZMSCORE", Key(), .. Members(1, 4)]),
        15 => Command("ZCARD", Key()),
        16 => Command(Pick("ZRANK", "ZREVRANK"), Key(), Member()),
        17 or 18 => Command(["ZRANGE", Key(), Index(), Index(), .. PickArgs([], ["WITHSCORES"], ["REV"], ["REV", "WITHSCORES"])]),
        19 => Command(["ZREVRANGE", Key(), Index(), Index(), .. PickArgs([], ["WITHSCORES"])]),
        20 or 21 => Command(["ZRANGEBYSCORE", Key(), Bound(), Bound(), .. ScoreRangeOptions()]),
        22 => Command(["ZREVRANGEBYSCORE", Key(), Bound(), Bound(), .. ScoreRangeOptions()]),
        23 => Command(["ZRANGE", Key(), Bound(), Bound(), "BYSCORE", .. PickArgs([], ["REV"]), .. ScoreRangeOptions()]),
        24 => Command("ZCOUNT", Key(), Bound(), Bound()),
        25 => Command(["ZADD", "lex", .. Enumerable.Range(0, random.Next(1, 6)).SelectMany(_ => new[] { "0", Member() })]),
        26 => Command(["ZRANGEBYLEX", "lex", LexBound(), LexBound(), .. Limit()]),
        27 => Command(["ZREVRANGEBYLEX", "lex", LexBound(), LexBound(), .. Limit()]),
        28 => Command(["ZRANGE", "lex", LexBound(), LexBound(), "BYLEX", .. PickArgs([], ["REV"]), .. Limit()]),
        29 => Command("ZLEXCOUNT", "lex", LexBound(), LexBound()),
        30 => Command("ZREMRANGEBYLEX", "lex", LexBound(), LexBound()),
        31 => Command([Pick("ZPOPMIN", "ZPOPMAX"), Key(), .. PickArgs([], ["1"], ["3"], ["0"], ["50"])]),
        32 => Command("ZREMRANGEBYRANK", Key(), Index(), Index()),
        33 => Command("ZREMRANGEBYSCORE", Key(), Bound(), Bound()),
        34 => random.Next(8) == 0 ? Command("DEL", Key()) : Command("ZCARD", Key()),
        35 => random.Next(10) == 0 ? Command("SET", Key(), "string") : Command("TYPE", Key()),
        36 => Command("EXISTS", Key(), "lex"),
        37 => Command("ZRANGE", Key(), "0", "-1", "WITHSCORES"),
        38 => Command("ZRANGE", "lex", "0", "-1"),
        _ => random.Next(6) switch
        {
            0 => Command("COPY", Key(), Key(), "REPLACE"),
            3 => Command([Pick("ZUNION", "ZINTER"), "2", Key(), Key(), .. PickArgs([], ["WEIGHTS", "2", "-1"], ["AGGREGATE", "MAX"]), "WITHSCORES"]),
            4 => Command([Pick("ZUNIONSTORE", "ZINTERSTORE"), Key(), "2", Key(), Key(), .. PickArgs([], ["WEIGHTS", "0.5", "3"], ["AGGREGATE", "MIN"])]),
            5 => Command(["ZDIFFSTORE", Key(), "2", Key(), Key()]),
            1 => Command(["ZRANGESTORE", Key(), Key(), Bound(), Bound(), "BYSCORE", .. Limit()]),
            _ => Command("ZRANGESTORE", Key(), Key(), Index(), Index()),
        },
    };

    private string Key() => "z" + random.Next(4);

    private string Member() => "m" + random.Next(300);

    private string Score() => Pick(Scores);

    private string Bound() => Pick(ScoreBounds);

    private string LexBound() => Pick(LexBounds);

    private string Index() => random.Next(-160, 160).ToString();

    private string[] Members(int min, int max) => [.. Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Member())];

    private string[] Pairs(int count) => [.. Enumerable.Range(0, count).SelectMany(_ => new[] { Score(), Member() })];

    private string[] ZAddOptions() => PickArgs([], [], [], ["NX"], ["XX"], ["GT"], ["LT"], ["CH"], ["XX", "CH"], ["GT", "CH"], ["NX", "CH"], ["XX", "LT"]);

    private string[] ScoreRangeOptions() => [.. PickArgs([], ["WITHSCORES"]), .. Limit()];

    private string[] Limit() => random.Next(3) == 0 ? ["LIMIT", random.Next(-1, 10).ToString(), random.Next(-1, 10).ToString()] : [];

    private string Pick(params string[] choices) => choices[random.Next(choices.Length)];

    private string[] PickArgs(params string[][] choices) => choices[random.Next(choices.Length)];
}
