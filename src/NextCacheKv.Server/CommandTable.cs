using NextCacheKv.Server.Commands;
using static NextCacheKv.Server.CommandFlags;

namespace NextCacheKv.Server;

/// <summary>The one flat table of commands: name, arity, flags, key positions and handler.</summary>
public sealed class CommandTable
{
    private readonly Dictionary<string, CommandSpec> byName;
    private readonly Dictionary<string, CommandSpec>.AlternateLookup<ReadOnlySpan<byte>> byBytes;

    private CommandTable(IEnumerable<CommandSpec> specs)
    {
        byName = new Dictionary<string, CommandSpec>(CommandNameComparer.Instance);
        foreach (var spec in specs) byName.Add(spec.Name, spec);
        byBytes = byName.GetAlternateLookup<ReadOnlySpan<byte>>();
        shortNames = new ShortNameIndex(byName.Values);
        longestName = byName.Keys.Max(name => name.Length);
    }

    private readonly int longestName;
    private readonly ShortNameIndex shortNames;

    public IEnumerable<CommandSpec> All => byName.Values;

    public int Count => byName.Count;

    /// <summary>O(1) lookup on the raw request bytes; a name longer than any command is not even hashed.</summary>
    public CommandSpec? Find(ReadOnlySpan<byte> name)
    {
        if (name.Length <= ShortNameIndex.MaxLength) return shortNames.Find(name);
        return name.Length <= longestName && byBytes.TryGetValue(name, out var spec) ? spec : null;
    }

    public CommandSpec? Find(string name) => byName.GetValueOrDefault(name);

    public static CommandTable Create() => new(
    [
        // Connection
        new("ping", -1, Fast | Stale | PubSubContext, 0, 0, 0, ConnectionCommands.Ping),
        new("echo", 2, Fast | Stale, 0, 0, 0, ConnectionCommands.Echo),
        new("quit", -1, Fast | NoAuth | Loading | Stale | NoQueue | PubSubContext | NoScript, 0, 0, 0, ConnectionCommands.Quit),
        new("reset", 1, Fast | NoAuth | Loading | Stale | NoQueue | PubSubContext | NoScript, 0, 0, 0, ConnectionCommands.Reset),
        new("select", 2, Fast | Loading | Stale, 0, 0, 0, ConnectionCommands.Select),
        new("auth", -2, Fast | NoAuth | Loading | Stale | NoScript, 0, 0, 0, ConnectionCommands.Auth),
        new("hello", -1, Fast | NoAuth | Loading | Stale | NoScript, 0, 0, 0, ConnectionCommands.Hello),
        new("client", -2, Loading | Stale | NoScript, 0, 0, 0, ClientCommands.Client),
        new("command", -1, Loading | Stale, 0, 0, 0, CommandCommands.Command),

        // Server
        new("info", -1, Loading | Stale, 0, 0, 0, InfoCommand.Info),
        new("config", -2, Admin | Loading | Stale | NoScript, 0, 0, 0, ConfigCommands.Config),
        new("dbsize", 1, ReadOnly | Fast, 0, 0, 0, ServerCommands.DbSize),
        new("flushdb", -1, Write, 0, 0, 0, ServerCommands.FlushDb),
        new("flushall", -1, Write, 0, 0, 0, ServerCommands.FlushAll),
        new("time", 1, Fast | Loading | Stale, 0, 0, 0, ServerCommands.Time),
        new("save", 1, Admin | NoScript | NoMulti, 0, 0, 0, ServerCommands.Save),
        new("bgsave", -1, Admin | NoScript, 0, 0, 0, ServerCommands.BgSave),
        new("lastsave", 1, Fast | Loading | Stale, 0, 0, 0, ServerCommands.LastSave),
        new("shutdown", -1, Admin | NoAuth | Loading | Stale | NoScript | NoMulti, 0, 0, 0, ServerCommands.Shutdown),
        new("swapdb", 3, Write | Fast, 0, 0, 0, ServerCommands.SwapDb),

        // Strings
        new("get", 2, ReadOnly | Fast, 1, 1, 1, StringCommands.Get),
        new("set", -3, Write, 1, 1, 1, StringCommands.Set),
        new("setnx", 3, Write | Fast, 1, 1, 1, StringCommands.SetNx),
        new("setex", 4, Write, 1, 1, 1, StringCommands.SetEx),
        new("psetex", 4, Write, 1, 1, 1, StringCommands.PSetEx),
        new("getset", 3, Write | Fast, 1, 1, 1, StringCommands.GetSet),
        new("getdel", 2, Write | Fast, 1, 1, 1, StringCommands.GetDel),
        new("getex", -2, Write | Fast, 1, 1, 1, StringCommands.GetEx),
        new("mget", -2, ReadOnly | Fast, 1, -1, 1, StringCommands.MGet),
        new("mset", -3, Write, 1, -1, 2, StringCommands.MSet),
        new("msetnx", -3, Write, 1, -1, 2, StringCommands.MSetNx),
        new("append", 3, Write | Fast, 1, 1, 1, StringCommands.Append),
        new("strlen", 2, ReadOnly | Fast, 1, 1, 1, StringCommands.StrLen),
        new("getrange", 4, ReadOnly, 1, 1, 1, StringCommands.GetRange),
        new("substr", 4, ReadOnly, 1, 1, 1, StringCommands.GetRange),
        new("setrange", 4, Write, 1, 1, 1, StringCommands.SetRange),
        new("incr", 2, Write | Fast, 1, 1, 1, CounterCommands.Incr),
        new("decr", 2, Write | Fast, 1, 1, 1, CounterCommands.Decr),
        new("incrby", 3, Write | Fast, 1, 1, 1, CounterCommands.IncrBy),
        new("decrby", 3, Write | Fast, 1, 1, 1, CounterCommands.DecrBy),
        new("incrbyfloat", 3, Write | Fast, 1, 1, 1, CounterCommands.IncrByFloat),

        // Keys
        new("del", -2, Write, 1, -1, 1, KeyCommands.Del),
        new("unlink", -2, Write | Fast, 1, -1, 1, KeyCommands.Del),
        new("exists", -2, ReadOnly | Fast, 1, -1, 1, KeyCommands.Exists),
        new("touch", -2, ReadOnly | Fast, 1, -1, 1, KeyCommands.Exists),
        new("type", 2, ReadOnly | Fast, 1, 1, 1, KeyCommands.Type),
        new("expire", -3, Write | Fast, 1, 1, 1, ExpiryCommands.Expire),
        new("pexpire", -3, Write | Fast, 1, 1, 1, ExpiryCommands.PExpire),
        new("expireat", -3, Write | Fast, 1, 1, 1, ExpiryCommands.ExpireAt),
        new("pexpireat", -3, Write | Fast, 1, 1, 1, ExpiryCommands.PExpireAt),
        new("ttl", 2, ReadOnly | Fast, 1, 1, 1, ExpiryCommands.Ttl),
        new("pttl", 2, ReadOnly | Fast, 1, 1, 1, ExpiryCommands.PTtl),
        new("expiretime", 2, ReadOnly | Fast, 1, 1, 1, ExpiryCommands.ExpireTime),
        new("pexpiretime", 2, ReadOnly | Fast, 1, 1, 1, ExpiryCommands.PExpireTime),
        new("persist", 2, Write | Fast, 1, 1, 1, ExpiryCommands.Persist),
        new("keys", 2, ReadOnly, 0, 0, 0, ScanCommands.Keys),
        new("scan", -2, ReadOnly, 0, 0, 0, ScanCommands.Scan),
        new("randomkey", 1, ReadOnly, 0, 0, 0, ScanCommands.RandomKey),
        new("rename", 3, Write, 1, 2, 1, MoveCommands.Rename),
        new("renamenx", 3, Write | Fast, 1, 2, 1, MoveCommands.RenameNx),
        new("copy", -3, Write, 1, 2, 1, MoveCommands.Copy),
        new("move", 3, Write | Fast, 1, 1, 1, MoveCommands.Move),

        // Hashes
        new("hset", -4, Write | Fast, 1, 1, 1, HashCommands.HSet),
        new("hsetnx", 4, Write | Fast, 1, 1, 1, HashCommands.HSetNx),
        new("hmset", -4, Write | Fast, 1, 1, 1, HashCommands.HMSet),
        new("hget", 3, ReadOnly | Fast, 1, 1, 1, HashCommands.HGet),
        new("hmget", -3, ReadOnly | Fast, 1, 1, 1, HashCommands.HMGet),
        new("hdel", -3, Write | Fast, 1, 1, 1, HashCommands.HDel),
        new("hexists", 3, ReadOnly | Fast, 1, 1, 1, HashCommands.HExists),
        new("hlen", 2, ReadOnly | Fast, 1, 1, 1, HashCommands.HLen),
        new("hstrlen", 3, ReadOnly | Fast, 1, 1, 1, HashCommands.HStrLen),
        new("hgetall", 2, ReadOnly, 1, 1, 1, HashCommands.HGetAll),
        new("hkeys", 2, ReadOnly, 1, 1, 1, HashCommands.HKeys),
        new("hvals", 2, ReadOnly, 1, 1, 1, HashCommands.HVals),
        new("hincrby", 4, Write | Fast, 1, 1, 1, HashCounterCommands.HIncrBy),
        new("hincrbyfloat", 4, Write | Fast, 1, 1, 1, HashCounterCommands.HIncrByFloat),
        new("hrandfield", -2, ReadOnly, 1, 1, 1, HashRandomCommands.HRandField),
        new("hscan", -3, ReadOnly, 1, 1, 1, HashScanCommand.HScan),

        // Lists
        new("lpush", -3, Write | Fast, 1, 1, 1, ListCommands.LPush),
        new("rpush", -3, Write | Fast, 1, 1, 1, ListCommands.RPush),
        new("lpushx", -3, Write | Fast, 1, 1, 1, ListCommands.LPushX),
        new("rpushx", -3, Write | Fast, 1, 1, 1, ListCommands.RPushX),
        new("lpop", -2, Write | Fast, 1, 1, 1, ListCommands.LPop),
        new("rpop", -2, Write | Fast, 1, 1, 1, ListCommands.RPop),
        new("llen", 2, ReadOnly | Fast, 1, 1, 1, ListCommands.LLen),
        new("lindex", 3, ReadOnly, 1, 1, 1, ListCommands.LIndex),
        new("lset", 4, Write, 1, 1, 1, ListCommands.LSet),
        new("lrange", 4, ReadOnly, 1, 1, 1, ListCommands.LRange),
        new("linsert", 5, Write, 1, 1, 1, ListEditCommands.LInsert),
        new("lrem", 4, Write, 1, 1, 1, ListEditCommands.LRem),
        new("ltrim", 4, Write, 1, 1, 1, ListEditCommands.LTrim),
        new("lpos", -3, ReadOnly, 1, 1, 1, ListEditCommands.LPos),
        new("lmove", 5, Write, 1, 2, 1, ListMoveCommands.LMove),
        new("rpoplpush", 3, Write, 1, 2, 1, ListMoveCommands.RPopLPush),
        new("lmpop", -4, Write, 0, 0, 0, ListMoveCommands.LMPop),
        new("blpop", -3, Write, 1, -2, 1, ListBlockingCommands.BLPop),
        new("brpop", -3, Write, 1, -2, 1, ListBlockingCommands.BRPop),
        new("blmove", 6, Write, 1, 2, 1, ListBlockingCommands.BLMove),
        new("brpoplpush", 4, Write, 1, 2, 1, ListBlockingCommands.BRPopLPush),
        new("blmpop", -5, Write, 0, 0, 0, ListBlockingCommands.BLMPop),

        // Sets
        new("sadd", -3, Write | Fast, 1, 1, 1, SetCommands.SAdd),
        new("srem", -3, Write | Fast, 1, 1, 1, SetCommands.SRem),
        new("smove", 4, Write | Fast, 1, 2, 1, SetCommands.SMove),
        new("sismember", 3, ReadOnly | Fast, 1, 1, 1, SetCommands.SIsMember),
        new("smismember", -3, ReadOnly | Fast, 1, 1, 1, SetCommands.SMIsMember),
        new("scard", 2, ReadOnly | Fast, 1, 1, 1, SetCommands.SCard),
        new("smembers", 2, ReadOnly, 1, 1, 1, SetCommands.SMembers),
        new("spop", -2, Write | Fast, 1, 1, 1, SetRandomCommands.SPop),
        new("srandmember", -2, ReadOnly, 1, 1, 1, SetRandomCommands.SRandMember),
        new("sinter", -2, ReadOnly, 1, -1, 1, SetAlgebraCommands.SInter),
        new("sintercard", -3, ReadOnly, 0, 0, 0, SetAlgebraCommands.SInterCard),
        new("sinterstore", -3, Write, 1, -1, 1, SetAlgebraCommands.SInterStore),
        new("sunion", -2, ReadOnly, 1, -1, 1, SetAlgebraCommands.SUnion),
        new("sunionstore", -3, Write, 1, -1, 1, SetAlgebraCommands.SUnionStore),
        new("sdiff", -2, ReadOnly, 1, -1, 1, SetAlgebraCommands.SDiff),
        new("sdiffstore", -3, Write, 1, -1, 1, SetAlgebraCommands.SDiffStore),
        new("sscan", -3, ReadOnly, 1, 1, 1, SetScanCommand.SScan),

        // Sorted sets
        new("zadd", -4, Write | Fast, 1, 1, 1, SortedSetCommands.ZAdd),
        new("zincrby", 4, Write | Fast, 1, 1, 1, SortedSetCommands.ZIncrBy),
        new("zrem", -3, Write | Fast, 1, 1, 1, SortedSetCommands.ZRem),
        new("zscore", 3, ReadOnly | Fast, 1, 1, 1, SortedSetCommands.ZScore),
        new("zmscore", -3, ReadOnly | Fast, 1, 1, 1, SortedSetCommands.ZMScore),
        new("zcard", 2, ReadOnly | Fast, 1, 1, 1, SortedSetCommands.ZCard),
        new("zrank", 3, ReadOnly | Fast, 1, 1, 1, SortedSetCommands.ZRank),
        new("zrevrank", 3, ReadOnly | Fast, 1, 1, 1, SortedSetCommands.ZRevRank),
        new("zcount", 4, ReadOnly | Fast, 1, 1, 1, SortedSetRangeCommands.ZCount),
        new("zlexcount", 4, ReadOnly | Fast, 1, 1, 1, SortedSetRangeCommands.ZLexCount),
        new("zrange", -4, ReadOnly, 1, 1, 1, SortedSetRangeCommands.ZRange),
        new("zrevrange", -4, ReadOnly, 1, 1, 1, SortedSetRangeCommands.ZRevRange),
        new("zrangebyscore", -4, ReadOnly, 1, 1, 1, SortedSetRangeCommands.ZRangeByScore),
        new("zrevrangebyscore", -4, ReadOnly, 1, 1, 1, SortedSetRangeCommands.ZRevRangeByScore),
        new("zrangebylex", -4, ReadOnly, 1, 1, 1, SortedSetRangeCommands.ZRangeByLex),
        new("zrevrangebylex", -4, ReadOnly, 1, 1, 1, SortedSetRangeCommands.ZRevRangeByLex),
        new("zrangestore", -5, Write, 1, 2, 1, ZRangeStoreCommand.ZRangeStore),
        new("zpopmin", -2, Write | Fast, 1, 1, 1, SortedSetRemoveCommands.ZPopMin),
        new("zpopmax", -2, Write | Fast, 1, 1, 1, SortedSetRemoveCommands.ZPopMax),
        new("zmpop", -4, Write, 0, 0, 0, SortedSetRemoveCommands.ZMPop),
        new("zremrangebyrank", 4, Write, 1, 1, 1, SortedSetRemoveCommands.ZRemRangeByRank),
        new("zremrangebyscore", 4, Write, 1, 1, 1, SortedSetRemoveCommands.ZRemRangeByScore),
        new("zremrangebylex", 4, Write, 1, 1, 1, SortedSetRemoveCommands.ZRemRangeByLex),
        new("zunion", -3, ReadOnly, 0, 0, 0, SortedSetAlgebraCommands.ZUnion),
        new("zinter", -3, ReadOnly, 0, 0, 0, SortedSetAlgebraCommands.ZInter),
        new("zdiff", -3, ReadOnly, 0, 0, 0, SortedSetAlgebraCommands.ZDiff),
        new("zunionstore", -4, Write, 1, 1, 1, SortedSetAlgebraCommands.ZUnionStore),
        new("zinterstore", -4, Write, 1, 1, 1, SortedSetAlgebraCommands.ZInterStore),
        new("zdiffstore", -4, Write, 1, 1, 1, SortedSetAlgebraCommands.ZDiffStore),
        new("zintercard", -3, ReadOnly, 0, 0, 0, SortedSetAlgebraCommands.ZInterCard),
        new("zrandmember", -2, ReadOnly, 1, 1, 1, ZRandMemberCommand.ZRandMember),
        new("zscan", -3, ReadOnly, 1, 1, 1, ZScanCommand.ZScan),

        // Pub/sub
        new("subscribe", -2, Loading | Stale | PubSubContext | NoScript, 0, 0, 0, PubSubCommands.Subscribe),
        new("unsubscribe", -1, Loading | Stale | PubSubContext | NoScript, 0, 0, 0, PubSubCommands.Unsubscribe),
        new("psubscribe", -2, Loading | Stale | PubSubContext | NoScript, 0, 0, 0, PubSubCommands.PSubscribe),
        new("punsubscribe", -1, Loading | Stale | PubSubContext | NoScript, 0, 0, 0, PubSubCommands.PUnsubscribe),
        new("ssubscribe", -2, Loading | Stale | PubSubContext | NoScript, 1, -1, 1, PubSubCommands.SSubscribe),
        new("sunsubscribe", -1, Loading | Stale | PubSubContext | NoScript, 1, -1, 1, PubSubCommands.SUnsubscribe),
        new("publish", 3, Loading | Stale | Fast, 0, 0, 0, PubSubCommands.Publish),
        new("spublish", 3, Loading | Stale | Fast, 1, 1, 1, PubSubCommands.SPublish),
        new("pubsub", -2, Loading | Stale, 0, 0, 0, PubSubCommands.PubSub),

        // Scripting
        new("eval", -3, NoScript | Stale, 0, 0, 0, ScriptingCommands.Eval),
        new("evalsha", -3, NoScript | Stale, 0, 0, 0, ScriptingCommands.EvalSha),
        new("eval_ro", -3, NoScript | Stale | ReadOnly, 0, 0, 0, ScriptingCommands.EvalRo),
        new("evalsha_ro", -3, NoScript | Stale | ReadOnly, 0, 0, 0, ScriptingCommands.EvalShaRo),
        new("script", -2, NoScript, 0, 0, 0, ScriptingCommands.Script),
        new("function", -2, NoScript, 0, 0, 0, ScriptingCommands.Function),

        // Introspection (OBJECT, DEBUG)
        new("object", -2, ReadOnly, 2, 2, 1, ObjectCommand.Object),
        new("debug", -2, Admin | NoScript | Loading | Stale, 0, 0, 0, DebugCommand.Debug),

        // Transactions
        new("multi", 1, Fast | Loading | Stale | NoQueue | NoScript, 0, 0, 0, TransactionCommands.Multi),
        new("exec", 1, Loading | Stale | NoQueue | NoScript, 0, 0, 0, TransactionCommands.Exec),
        new("discard", 1, Fast | Loading | Stale | NoQueue | NoScript, 0, 0, 0, TransactionCommands.Discard),
        new("watch", -2, Fast | Loading | Stale | NoQueue | NoScript, 1, -1, 1, TransactionCommands.Watch),
        new("unwatch", 1, Fast | Loading | Stale | NoScript, 0, 0, 0, TransactionCommands.Unwatch),

        // Next.js cache
        new("nextset", -3, Write, 1, 1, 1, NextCommands.NextSet),
        new("nextget", -2, ReadOnly | Fast, 1, 1, 1, NextCommands.NextGet),
        new("nexttag", -2, Write, 0, 0, 0, NextCommands.NextTag),
    ]);
}
