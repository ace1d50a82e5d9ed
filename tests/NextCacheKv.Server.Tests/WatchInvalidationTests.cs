using NextCacheKv.Server.Tests.PubSub;
using static NextCacheKv.Server.Tests.PubSub.PubSubStep;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// A write by another connection to a WATCHed key makes EXEC fail exactly when it does in Redis: the
/// same points that publish keyspace events invalidate watches (FLUSHDB, FLUSHALL and SWAPDB too).
/// </summary>
public sealed class WatchInvalidationTests
{
    /// <summary>The watcher (subscriber side) watches, another connection runs <paramref name="write"/>, then EXEC.</summary>
    private static PubSubStep[] Round(string key, params string[] write) =>
    [
        Sub("WATCH", key),
        Pub(write),
        Sub("MULTI"),
        Sub("GET", key),
        Sub("EXEC"),
    ];

    public static TheoryData<string[]> Writes => new(
        ["SET", "w", "other"],
        ["SET", "w", "x", "NX"],
        ["SETRANGE", "w", "0", ""],
        ["APPEND", "w", "+"],
        ["INCR", "n"],
        ["DEL", "w"],
        ["DEL", "unrelated"],
        ["EXPIRE", "w", "100"],
        ["PERSIST", "w"],
        ["RENAME", "w", "w2"],
        ["GETDEL", "w"],
        ["MOVE", "w", "1"],
        ["FLUSHDB"],
        ["FLUSHALL"],
        ["SWAPDB", "0", "1"],
        ["GET", "w"]);

    [Theory]
    [MemberData(nameof(Writes))]
    public Task Exec_fails_like_redis_after_a_write(string[] write) => PubSubTranscript.AssertSameAsRedisAsync(
    [
        Pub("SET", "w", "1"),
        Pub("SET", "n", "1"),
        .. Round(write[0] == "INCR" ? "n" : "w", write),
    ]);
}
