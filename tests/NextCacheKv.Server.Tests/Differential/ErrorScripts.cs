using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests.Differential;

/// <summary>Wrong argument counts for every supported command, and unknown commands.</summary>
public static class ErrorScripts
{
    // Each entry is a call with one argument too few or too many for the command's arity.
    private static readonly string[][] WrongArityCalls =
    [
        ["GET"], ["GET", "a", "b"],
        ["SET"], ["SET", "k"],
        ["SETNX", "k"], ["SETNX", "k", "v", "x"],
        ["SETEX", "k", "10"], ["SETEX", "k", "10", "v", "x"],
        ["PSETEX", "k", "10"],
        ["GETSET", "k"], ["GETSET", "k", "v", "x"],
        ["GETDEL"], ["GETDEL", "a", "b"],
        ["GETEX"],
        ["MGET"],
        ["MSET"], ["MSET", "a"],
        ["MSETNX"], ["MSETNX", "a"],
        ["APPEND", "a"], ["APPEND", "a", "b", "c"],
        ["STRLEN"], ["STRLEN", "a", "b"],
        ["GETRANGE", "a", "0"], ["GETRANGE", "a", "0", "1", "2"],
        ["SETRANGE", "a", "0"],
        ["INCR"], ["INCR", "a", "b"],
        ["DECR"],
        ["INCRBY", "a"], ["INCRBY", "a", "1", "2"],
        ["DECRBY", "a"],
        ["INCRBYFLOAT", "a"], ["INCRBYFLOAT", "a", "1", "2"],
        ["DEL"], ["UNLINK"], ["EXISTS"], ["TOUCH"],
        ["TYPE"], ["TYPE", "a", "b"],
        ["EXPIRE", "a"], ["PEXPIRE", "a"], ["EXPIREAT", "a"], ["PEXPIREAT", "a"],
        ["TTL"], ["TTL", "a", "b"], ["PTTL"],
        ["PERSIST"], ["PERSIST", "a", "b"],
        ["RENAME", "a"], ["RENAME", "a", "b", "c"],
        ["RENAMENX", "a"],
        ["COPY", "a"],
        ["MOVE", "a"], ["MOVE", "a", "1", "2"],
        ["SELECT"], ["SELECT", "1", "2"],
        ["SWAPDB", "0"], ["SWAPDB", "0", "1", "2"],
        ["DBSIZE", "x"],
        ["KEYS"], ["KEYS", "a", "b"],
        ["SCAN"],
        ["PING", "a", "b"],
        ["ECHO"], ["ECHO", "a", "b"],
    ];

    public static DifferentialScript WrongArity { get; } = new("wrong arity",
        [.. WrongArityCalls.Select(args => Command(args)), Command("PING")]);

    public static DifferentialScript UnknownCommands { get; } = new("unknown commands", [
        Command("FOO"),
        Command("FOO", "a", "b", "c"),
        Command("foo", "with space", ""),
        Command("NOPE", new string('x', 200)),
        Command("NOPE", new string('x', 100), new string('y', 100)),
        Command("NOPE", "line\r\nbreak"),
        Command("NOPE\r\nX", "a"),
        Command(""),
        // Not "GET\0": Redis compares command names as C strings after hashing all their bytes, so "GET\0"
        // runs GET whenever its hash happens to share a bucket with "get" (about 1 start in 200, by seed).
        Command("NOSUCH\0x", "a"),
        Command("PING"),
    ]);

    public static DifferentialScript SimpleCommands { get; } = new("PING ECHO", [
        Command("PING"),
        Command("PING", "hello"),
        Command("ping", ""),
        Command("ECHO", "x\r\ny"),
        Command("ECHO", ""),
        Raw("PING\r\nECHO hi\r\n", replyCount: 2),
    ]);

    /// <summary>SHUTDOWN's refused forms: neither server stops.</summary>
    public static DifferentialScript ShutdownArguments { get; } = new("SHUTDOWN argument errors", [
        Command("SHUTDOWN", "ABORT"),
        Command("SHUTDOWN", "NOSAVE", "SAVE"),
        Command("SHUTDOWN", "SAVE", "NOSAVE"),
        Command("SHUTDOWN", "ABORT", "NOW"),
        Command("SHUTDOWN", "abort", "nosave"),
        Command("SHUTDOWN", "FORCE", "ABORT"),
        Command("SHUTDOWN", "foo"),
        Command("PING"),
    ]);

    public static IEnumerable<DifferentialScript> All => [WrongArity, UnknownCommands, SimpleCommands, ShutdownArguments];
}
