using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests.Differential;

/// <summary>MULTI/EXEC/DISCARD/WATCH: queueing, EXECABORT, runtime errors inside EXEC, WATCH invalidation.</summary>
public static class TransactionScripts
{
    public static DifferentialScript Basics { get; } = new("MULTI EXEC DISCARD", [
        Command("EXEC"),
        Command("DISCARD"),
        Command("MULTI"),
        Command("SET", "a", "1"),
        Command("INCR", "a"),
        Command("GET", "a"),
        Command("EXEC"),
        Command("MULTI"),
        Command("MULTI"),
        Command("SET", "a", "2"),
        Command("DISCARD"),
        Command("GET", "a"),
        Command("MULTI"),
        Command("EXEC"),
        Command("MULTI"),
        Command("PING"),
        Command("ECHO", "hi"),
        Command("EXEC"),
    ]);

    public static DifferentialScript QueueErrors { get; } = new("MULTI queue errors and EXECABORT", [
        Command("SET", "k", "before"),
        Command("MULTI"),
        Command("SET", "k", "inside"),
        Command("NOSUCHCOMMAND", "x"),
        Command("GET"),
        Command("EXEC"),
        Command("GET", "k"),
        Command("MULTI"),
        Command("SET", "k", "again"),
        Command("GET", "k", "extra"),
        Command("EXEC"),
        Command("GET", "k"),
    ]);

    public static DifferentialScript RuntimeErrors { get; } = new("EXEC with a runtime error keeps going", [
        Command("SET", "s", "text"),
        Command("MULTI"),
        Command("INCR", "s"),
        Command("SET", "t", "1"),
        Command("INCRBY", "t", "notanumber"),
        Command("INCR", "t"),
        Command("EXEC"),
        Command("GET", "t"),
    ]);

    public static DifferentialScript Watch { get; } = new("WATCH UNWATCH", [
        Command("SET", "w", "1"),
        Command("WATCH", "w"),
        Command("SET", "w", "2"),
        Command("MULTI"),
        Command("SET", "w", "3"),
        Command("EXEC"),
        Command("GET", "w"),
        Command("WATCH", "w"),
        Command("MULTI"),
        Command("SET", "w", "4"),
        Command("EXEC"),
        Command("GET", "w"),
        Command("WATCH", "w", "other"),
        Command("UNWATCH"),
        Command("SET", "w", "5"),
        Command("MULTI"),
        Command("GET", "w"),
        Command("EXEC"),
        Command("MULTI"),
        Command("WATCH", "w"),
        Command("DISCARD"),
        Command("WATCH", "w"),
        Command("DEL", "w"),
        Command("MULTI"),
        Command("EXEC"),
        Command("WATCH", "nothing-here"),
        Command("MULTI"),
        Command("SET", "nothing-here", "x"),
        Command("EXEC"),
        Command("WATCH", "w"),
        Command("FLUSHDB"),
        Command("MULTI"),
        Command("PING"),
        Command("EXEC"),
    ]);

    /// <summary>Redis's no_multi commands: refused when queued, and the transaction is aborted; the server stays up.</summary>
    public static DifferentialScript NotInTransaction { get; } = new("SAVE and SHUTDOWN refused inside MULTI", [
        Command("SET", "n", "before"),
        Command("MULTI"),
        Command("SET", "n", "inside"),
        Command("SAVE"),
        Command("EXEC"),
        Command("GET", "n"),
        Command("MULTI"),
        Command("SHUTDOWN"),
        Command("EXEC"),
        Command("MULTI"),
        Command("SHUTDOWN", "NOSAVE"),
        Command("DISCARD"),
        Command("PING"),
    ]);

    public static IReadOnlyList<DifferentialScript> All { get; } = [Basics, QueueErrors, RuntimeErrors, Watch, NotInTransaction];

    public static TheoryData<string> Names { get; } = new(All.Select(script => script.Name));

    public static DifferentialScript Get(string name) => All.Single(script => script.Name == name);
}
