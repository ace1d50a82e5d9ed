using System.Net;

namespace NextCacheKv.Server;

/// <summary>Per-connection state that CLIENT LIST / INFO report and commands change.</summary>
public sealed class ClientState
{
    private static long lastId;

    public long Id { get; } = Interlocked.Increment(ref lastId);
    public string? Name { get; set; }
    public string? LibName { get; set; }
    public string? LibVersion { get; set; }
    public int Db { get; set; }
    public int Protocol { get; set; } = 2;
    public bool Authenticated { get; set; }
    public long CreatedAtMs { get; } = Environment.TickCount64;
    public long LastCommandAtMs { get; set; } = Environment.TickCount64;
    public string LastCommand { get; set; } = "NULL";
    public EndPoint? RemoteEndPoint { get; init; }
    public EndPoint? LocalEndPoint { get; init; }
    public bool NoEvict { get; set; }
    public ReplyMode ReplyMode { get; set; } = ReplyMode.On;
    /// <summary>Between MULTI and EXEC/DISCARD: commands are queued, not run.</summary>
    public bool InMulti { get; set; }
    /// <summary>A command failed to queue (unknown, wrong arity): EXEC answers EXECABORT.</summary>
    public bool MultiFailed { get; set; }
    public List<ReadOnlyMemory<byte>[]> Queued { get; } = [];
    /// <summary>A watched key changed since WATCH: EXEC answers a null array.</summary>
    public volatile bool WatchDirty;
    public List<(int Db, byte[] Key)> WatchedKeys { get; } = [];
    /// <summary>Channels, patterns and shard channels subscribed (RESP2 clients with any are in subscribed mode).</summary>
    public int Subscriptions => ChannelSubscriptions + PatternSubscriptions + ShardSubscriptions;
    public int ChannelSubscriptions { get; set; }
    public int PatternSubscriptions { get; set; }
    public int ShardSubscriptions { get; set; }
    /// <summary>Set by CLIENT KILL; the connection closes after its current batch.</summary>
    public volatile bool KillRequested;
    /// <summary>Set while the client waits in a blocking command (BLPOP…): ends the wait on disconnect or CLIENT KILL.</summary>
    public volatile Action? CancelBlockedWait;

    /// <summary>One CLIENT LIST line, Redis field order.</summary>
    public string Describe()
    {
        long now = Environment.TickCount64;
        return $"id={Id} addr={Format(RemoteEndPoint)} laddr={Format(LocalEndPoint)} fd=0 name={Name ?? ""} age={(now - CreatedAtMs) / 1000} idle={(now - LastCommandAtMs) / 1000} flags={Flags()} db={Db} sub={ChannelSubscriptions} psub={PatternSubscriptions} ssub={ShardSubscriptions} multi={(InMulti ? Queued.Count : -1)} qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd={LastCommand.ToLowerInvariant()} user=default redir=-1 resp={Protocol} lib-name={LibName ?? ""} lib-ver={LibVersion ?? ""}";
    }

    /// <summary>Redis's flag letters in its order: P (subscribed), x (in MULTI), else N.</summary>
    private string Flags()
    {
        string flags = (Subscriptions > 0 ? "P" : "") + (InMulti ? "x" : "");
        return flags.Length == 0 ? "N" : flags;
    }

    private static string Format(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint ip => $"{ip.Address}:{ip.Port}",
        null => "",
        _ => endPoint.ToString() ?? "",
    };
}

public enum ReplyMode
{
    On,
    Off,
    Skip,
}
