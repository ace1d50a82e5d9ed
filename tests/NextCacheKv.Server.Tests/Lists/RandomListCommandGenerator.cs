using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests.Lists;

/// <summary>
/// Seeded random list commands over five keys (one sometimes a string, for WRONGTYPE), few distinct
/// elements so searches match, and indexes around the lists' lengths so ranges hit every edge. Blocking
/// forms run inside MULTI, where they never block, and with data, where they answer at once.
/// </summary>
public sealed class RandomListCommandGenerator(int seed)
{
    private static readonly string[] Keys = ["l1", "l2", "l3", "l4", "str"];
    private static readonly string[] Elements = ["a", "b", "c", "", "12", "hello world"];
    private static readonly string[] Sides = ["LEFT", "RIGHT", "left", "Right"];

    private readonly Random random = new(seed);

    public IEnumerable<DiffStep> Generate(int count)
    {
        for (int i = 0; i < count; i++)
            yield return Next();
    }

    private DiffStep Next() => random.Next(30) switch
    {
        0 or 1 or 2 => Command(["RPUSH", Key(), .. Elements1To4()]),
        3 or 4 => Command(["LPUSH", Key(), .. Elements1To4()]),
        5 => Command(["LPUSHX", Key(), .. Elements1To4()]),
        6 => Command(["RPUSHX", Key(), .. Elements1To4()]),
        7 => Command(["LPOP", Key(), .. Maybe(Count())]),
        8 => Command(["RPOP", Key(), .. Maybe(Count())]),
        9 or 10 => Command("LRANGE", Key(), Index(), Index()),
        11 => Command("LLEN", Key()),
        12 => Command("LINDEX", Key(), Index()),
        13 => Command("LSET", Key(), Index(), Element()),
        14 => Command("LINSERT", Key(), Pick("BEFORE", "AFTER", "after", "AROUND"), Element(), Element()),
        15 => Command("LREM", Key(), Pick("0", "1", "-1", "2", "-2", "x"), Element()),
        16 => Command("LTRIM", Key(), Index(), Index()),
        17 => Command(["LPOS", Key(), Element(), .. LPosOptions()]),
        18 => Command("LMOVE", Key(), Key(), Side(), Side()),
        19 => Command("RPOPLPUSH", Key(), Key()),
        20 => Command(["LMPOP", "2", Key(), Key(), Side(), .. Maybe("COUNT", Pick("1", "2", "5"))]),
        21 => Command("SET", "str", Element()),
        22 => Command("DEL", Key()),
        23 => Command("EXISTS", Key()),
        24 => Command("TYPE", Key()),
        25 => Raw(RespCommandText("MULTI") + RespCommandText("BLPOP", Key(), Key(), "0") + RespCommandText("BRPOPLPUSH", Key(), Key(), "0")
            + RespCommandText("BLMOVE", Key(), Key(), Side(), Side(), "0") + RespCommandText("EXEC"), replyCount: 5),
        26 => Command("LRANGE", Key(), "0", "-1"),
        27 => Command("RPOPLPUSH", Key(), Key()),
        28 => Command("LPOP", Key(), Pick("0", "-1", "abc")),
        _ => Command("LINSERT", Key(), "BEFORE", Element(), Element()),
    };

    private static string RespCommandText(params string[] args) =>
        $"*{args.Length}\r\n" + string.Concat(args.Select(arg => $"${System.Text.Encoding.UTF8.GetByteCount(arg)}\r\n{arg}\r\n"));

    private string Key() => Keys[random.Next(Keys.Length)];

    private string Element() => Elements[random.Next(Elements.Length)];

    private string Side() => Sides[random.Next(Sides.Length)];

    private string[] Elements1To4()
    {
        var elements = new string[random.Next(1, 5)];
        for (int i = 0; i < elements.Length; i++) elements[i] = Element();
        return elements;
    }

    private string Index() => random.Next(10) switch
    {
        0 => "-100",
        1 => "100",
        2 => "abc",
        _ => (random.Next(-8, 9)).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private string Count() => Pick("0", "1", "2", "3", "10");

    private string[] LPosOptions() => random.Next(5) switch
    {
        0 => [],
        1 => ["RANK", Pick("1", "2", "-1", "-2", "0")],
        2 => ["COUNT", Pick("0", "1", "2")],
        3 => ["MAXLEN", Pick("0", "1", "3")],
        _ => ["RANK", Pick("-1", "2"), "COUNT", Pick("0", "2"), "MAXLEN", Pick("0", "4")],
    };

    private string[] Maybe(params string[] args) => random.Next(2) == 0 ? [] : args;

    private string Pick(params string[] options) => options[random.Next(options.Length)];
}
