using static NextCacheKv.Server.Tests.PubSub.PubSubStep;

namespace NextCacheKv.Server.Tests.PubSub;

/// <summary>Two-connection pub/sub scripts, each run in RESP2 and RESP3 against redis-server and NextCacheKv.</summary>
public static class PubSubScripts
{
    /// <summary>Script name → steps; <paramref name="protocol"/> 3 starts both connections with HELLO 3.</summary>
    public static IEnumerable<PubSubStep> Get(string name, int protocol)
    {
        var hello = protocol == 3
            ? new[] { Sub("HELLO", "3").Unrecorded(), Pub("HELLO", "3").Unrecorded() }
            : [];
        return hello.Concat(name switch
        {
            "subscribe" => Subscribe,
            "patterns" => Patterns,
            "introspection" => Introspection,
            "subscribed_mode" => SubscribedMode(protocol),
            "pipelined" => Pipelined,
            "transaction" => Transaction,
            "binary" => Binary,
            "reset" => Reset,
            "shard" => Shard,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        });
    }

    public static readonly string[] Names = ["subscribe", "patterns", "introspection", "subscribed_mode", "transaction", "pipelined", "binary", "reset", "shard"];

    private static readonly PubSubStep[] Subscribe =
    [
        Sub("UNSUBSCRIBE"),
        Sub("PUNSUBSCRIBE"),
        Sub("UNSUBSCRIBE", "never"),
        Sub("SUBSCRIBE", "news", "sport", "news").Expecting(3),
        Pub("PUBLISH", "news", "hello"),
        SubReads(1),
        Pub("PUBLISH", "nobody", "x"),
        Pub("PUBLISH", "sport", ""),
        SubReads(1),
        Pub("PUBLISH", "news", "one"),
        Pub("PUBLISH", "news", "two"),
        Pub("PUBLISH", "sport", "three"),
        SubReads(3),
        Sub("UNSUBSCRIBE", "news", "missing").Expecting(2),
        Pub("PUBLISH", "news", "gone"),
        Pub("PUBLISH", "sport", "still"),
        SubReads(1),
        Sub("UNSUBSCRIBE"),
        Pub("PUBLISH", "sport", "gone"),
        Pub("SUBSCRIBE"),
        Pub("PUBLISH", "a"),
        Pub("PUBLISH", "a", "b", "c"),
    ];

    private static readonly PubSubStep[] Patterns =
    [
        Sub("PSUBSCRIBE", "news.*", "h?llo", "[ab]x").Expecting(3),
        Sub("SUBSCRIBE", "news.tech").Expecting(1),
        Pub("PUBLISH", "news.tech", "both"),
        SubReads(2),
        Pub("PUBLISH", "hello", "1"),
        Pub("PUBLISH", "hallo", "2"),
        Pub("PUBLISH", "hlo", "none"),
        Pub("PUBLISH", "bx", "3"),
        SubReads(3),
        Sub("PUNSUBSCRIBE", "h?llo", "zzz").Expecting(2),
        Pub("PUBLISH", "hello", "none"),
        Pub("PUBLISH", "news.x", "4"),
        SubReads(1),
        Sub("PSUBSCRIBE", "*"),
        // Only "*" matches: with two matching patterns Redis's order is its dict's hash order.
        Pub("PUBLISH", "zzz", "5"),
        SubReads(1),
        Sub("PUNSUBSCRIBE", "*", "news.*", "[ab]x").Expecting(3),
        Sub("UNSUBSCRIBE", "news.tech"),
        Pub("PUBLISH", "news.tech", "none"),
    ];

    private static readonly PubSubStep[] Introspection =
    [
        Pub("PUBSUB", "NUMPAT"),
        Pub("PUBSUB", "CHANNELS"),
        Pub("PUBSUB", "NUMSUB"),
        Pub("PUBSUB", "NUMSUB", "a", "b"),
        Sub("SUBSCRIBE", "alpha"),
        Sub("PSUBSCRIBE", "al*", "b*").Expecting(2),
        Pub("PUBSUB", "NUMPAT"),
        Pub("PUBSUB", "CHANNELS"),
        Pub("PUBSUB", "CHANNELS", "a*"),
        Pub("PUBSUB", "CHANNELS", "b*"),
        Pub("PUBSUB", "NUMSUB", "alpha", "al*", "beta"),
        Pub("PUBLISH", "alpha", "to both"),
        SubReads(2),
        Sub("UNSUBSCRIBE", "alpha"),
        Pub("PUBSUB", "NUMSUB", "alpha"),
        Pub("PUBSUB", "CHANNELS"),
        Pub("PUBSUB", "HELP"),
        Pub("PUBSUB", "help", "extra"),
        Pub("PUBSUB", "NUMPAT", "extra"),
        Pub("PUBSUB", "CHANNELS", "a", "b"),
        Pub("PUBSUB", "NOPE"),
        Pub("PUBSUB"),
        Pub("PUBSUB", "SHARDCHANNELS"),
        Pub("PUBSUB", "SHARDNUMSUB", "x"),
    ];

    /// <summary>RESP2 refuses most commands while subscribed and PING answers as a message; RESP3 runs them.</summary>
    private static PubSubStep[] SubscribedMode(int protocol) =>
    [
        Sub("SUBSCRIBE", "ch"),
        Sub("PING"),
        Sub("PING", "hello"),
        Sub("PING", "a", "b"),
        Sub("GET", "k"),
        Sub("SET", "k", "v"),
        Sub("SELECT", "1"),
        Sub("PUBLISH", "ch", "x").Expecting(protocol == 3 ? 2 : 1),
        Sub("NOSUCHCOMMAND"),
        Sub("PUBSUB", "NUMSUB", "ch"),
        Sub("CONFIG", "GET", "maxclients").Expecting(1),
        Sub("CLIENT", "GETNAME").Expecting(1),
        Sub("PSUBSCRIBE", "p*"),
        Sub("UNSUBSCRIBE", "ch"),
        Sub("GET", "k"),
        Sub("PUNSUBSCRIBE"),
        Sub("GET", "k"),
        Sub("PING"),
        Sub("SUBSCRIBE", "again"),
        Sub("MULTI"),
        Sub("PING"),
    ];

    private static readonly PubSubStep[] Transaction =
    [
        Sub("MULTI"),
        Sub("SUBSCRIBE", "t"),
        Sub("GET", "k"),
        Sub("EXEC"),
        Sub("GET", "k"),
        Pub("PUBLISH", "t", "after exec"),
        SubReads(1),
        Sub("UNSUBSCRIBE"),
    ];

    private static readonly PubSubStep[] Pipelined =
    [
        SubPipeline(5, ["SUBSCRIBE", "a", "b"], ["PSUBSCRIBE", "c*"], ["PING"], ["UNSUBSCRIBE", "a"]),
        Pub("PUBLISH", "b", "1"),
        Pub("PUBLISH", "cat", "2"),
        SubReads(2),
        SubPipeline(3, ["UNSUBSCRIBE", "b"], ["PUNSUBSCRIBE", "c*"], ["PING"]),
    ];

    private static readonly PubSubStep[] Binary =
    [
        Sub("SUBSCRIBE", "bin\r\n\0\xff"),
        Pub("PUBLISH", "bin\r\n\0\xff", "pay\r\nload\0"),
        SubReads(1),
        Sub("PSUBSCRIBE", "\\*x"),
        Pub("PUBLISH", "*x", "escaped"),
        SubReads(1),
        Pub("PUBLISH", "ax", "not matched"),
        Pub("PUBLISH", "*x", new string('v', 70_000)),
        SubReads(1),
    ];

    private static readonly PubSubStep[] Reset =
    [
        Sub("SUBSCRIBE", "a", "b").Expecting(2),
        Sub("PSUBSCRIBE", "c*"),
        Sub("RESET"),
        Pub("PUBLISH", "a", "none"),
        Pub("PUBLISH", "cx", "none"),
        Pub("PUBSUB", "NUMPAT"),
        Sub("GET", "k"),
        Sub("PING"),
    ];

    private static readonly PubSubStep[] Shard =
    [
        Sub("SSUBSCRIBE", "s1", "s2").Expecting(2),
        Pub("SPUBLISH", "s1", "hi"),
        SubReads(1),
        Pub("PUBLISH", "s1", "classic"),
        Pub("PUBSUB", "SHARDCHANNELS", "s1"),
        Pub("PUBSUB", "SHARDNUMSUB", "s1", "s3"),
        Sub("SUNSUBSCRIBE", "s1").Expecting(1),
        Sub("SUNSUBSCRIBE").Expecting(1),
        Sub("SUNSUBSCRIBE").Expecting(1),
    ];

    /// <summary>RESP3 only: subscribed connections run any command and see their own messages first.</summary>
    public static readonly PubSubStep[] RespThreeOnly =
    [
        Sub("HELLO", "3").Unrecorded(),
        Pub("HELLO", "3").Unrecorded(),
        Sub("SUBSCRIBE", "me"),
        Sub("PSUBSCRIBE", "m*"),
        Sub("SET", "k", "v"),
        Sub("GET", "k"),
        Sub("PUBLISH", "me", "to myself").Expecting(3),
        Pub("PUBLISH", "me", "from the other"),
        SubReads(2),
        Sub("MULTI"),
        Sub("PUBLISH", "me", "queued"),
        Sub("EXEC").Expecting(3),
        Sub("UNSUBSCRIBE"),
        Sub("PUNSUBSCRIBE"),
        Sub("PUBLISH", "me", "nobody"),
        // Keyspace events a subscriber causes itself: SET's come before its reply, GETDEL's after it.
        Pub("CONFIG", "SET", "notify-keyspace-events", "Eg$"),
        Sub("PSUBSCRIBE", "__keyevent@0__:*"),
        Sub("SET", "k", "v2").Expecting(2),
        Sub("GETDEL", "k").Expecting(2),
        Sub("MSET", "a", "1", "b", "2").Expecting(3),
        Pub("SET", "other", "x"),
        SubReads(1),
        Sub("MULTI"),
        Sub("INCR", "n"),
        Sub("EXEC").Expecting(2),
        Sub("PUNSUBSCRIBE"),
    ];
}
