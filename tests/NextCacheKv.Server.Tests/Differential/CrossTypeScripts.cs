using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests.Differential;

/// <summary>Key commands and OBJECT over every type: TYPE, SCAN TYPE, DEL, EXPIRE, RENAME, COPY, MOVE, FLUSHDB, WRONGTYPE.</summary>
public static class CrossTypeScripts
{
    private static DiffStep[] MakeOneOfEach() =>
    [
        Command("SET", "str", "123"),
        Command("HSET", "hash", "f", "v"),
        Command("RPUSH", "list", "a", "b"),
        Command("SADD", "set", "1", "2"),
        Command("SADD", "words", "x"),
        Command("ZADD", "zset", "1", "a"),
    ];

    public static DifferentialScript Types { get; } = new("TYPE and OBJECT ENCODING on every type", [
        .. MakeOneOfEach(),
        Command("TYPE", "str"),
        Command("TYPE", "hash"),
        Command("TYPE", "list"),
        Command("TYPE", "set"),
        Command("TYPE", "zset"),
        Command("TYPE", "missing"),
        Command("OBJECT", "ENCODING", "str"),
        Command("OBJECT", "ENCODING", "hash"),
        Command("OBJECT", "ENCODING", "list"),
        Command("OBJECT", "ENCODING", "set"),
        Command("OBJECT", "ENCODING", "words"),
        Command("OBJECT", "ENCODING", "zset"),
        Command("OBJECT", "ENCODING", "missing"),
        Command("SET", "embedded", "hello"),
        Command("OBJECT", "ENCODING", "embedded"),
        Command("SET", "long", new string('x', 60)),
        Command("OBJECT", "ENCODING", "long"),
        Command("OBJECT", "REFCOUNT", "str"),
        Command("OBJECT", "REFCOUNT", "hash"),
        Command("OBJECT", "FREQ", "str"),
        Command("OBJECT", "IDLETIME", "hash").TypeOnly(), // seconds since last access: not tracked here (0)
        Command("OBJECT", "NOSUCH", "str"),
        Command("OBJECT", "ENCODING"),
        Command("OBJECT", "HELP"),
        Command("DEBUG", "SLEEP", "0"),
        Command("DEBUG", "OBJECT", "str"),
        Command("DBSIZE"),
        Command("SCAN", "0", "TYPE", "hash", "COUNT", "100"),
        Command("SCAN", "0", "TYPE", "zset", "COUNT", "100"),
        Command("SCAN", "0", "TYPE", "list", "COUNT", "100"),
    ]);

    public static DifferentialScript WrongType { get; } = new("WRONGTYPE across types", [
        .. MakeOneOfEach(),
        Command("GET", "hash"),
        Command("INCR", "list"),
        Command("APPEND", "set", "x"),
        Command("HGET", "str", "f"),
        Command("LPUSH", "hash", "x"),
        Command("SADD", "zset", "x"),
        Command("ZADD", "set", "1", "x"),
        Command("MGET", "str", "hash", "missing"),
        Command("SET", "hash", "now a string"),
        Command("TYPE", "hash"),
        Command("GET", "hash"),
        Command("GETSET", "list", "x"),
        Command("GETDEL", "set"),
        Command("STRLEN", "zset"),
    ]);

    public static DifferentialScript KeyCommands { get; } = new("DEL EXPIRE RENAME COPY MOVE FLUSHDB on collections", [
        .. MakeOneOfEach(),
        Command("EXPIRE", "hash", "100"),
        Command("TTL", "hash").RemainingTime(),
        Command("PERSIST", "hash"),
        Command("TTL", "hash"),
        Command("RENAME", "hash", "hash2"),
        Command("HGET", "hash2", "f"),
        Command("EXISTS", "hash"),
        Command("COPY", "list", "list2"),
        Command("RPUSH", "list2", "c"),
        Command("LRANGE", "list", "0", "-1"),
        Command("LRANGE", "list2", "0", "-1"),
        Command("COPY", "set", "list2", "REPLACE"),
        Command("TYPE", "list2"),
        Command("SMEMBERS", "list2").Unordered(),
        Command("MOVE", "zset", "3"),
        Command("EXISTS", "zset"),
        Command("SELECT", "3"),
        Command("ZRANGE", "zset", "0", "-1", "WITHSCORES"),
        Command("SELECT", "0"),
        Command("RENAME", "str", "set"),
        Command("TYPE", "set"),
        Command("DEL", "hash2", "list", "words", "missing"),
        Command("DBSIZE"),
        Command("EXPIRE", "list2", "0"),
        Command("EXISTS", "list2"),
        Command("FLUSHDB"),
        Command("DBSIZE"),
        Command("HGET", "hash2", "f"),
    ]);

    public static DifferentialScript Transactions { get; } = new("MULTI EXEC with collections", [
        Command("MULTI"),
        Command("HSET", "h", "a", "1", "b", "2"),
        Command("HINCRBY", "h", "a", "5"),
        Command("SADD", "s", "x"),
        Command("LPUSH", "h", "wrong"),
        Command("HGETALL", "h"),
        Command("EXEC"),
    ]);

    public static IReadOnlyList<DifferentialScript> All { get; } = [Types, WrongType, KeyCommands, Transactions];

    public static TheoryData<string> Names { get; } = new(All.Select(script => script.Name));

    public static DifferentialScript Get(string name) => All.Single(script => script.Name == name);
}
