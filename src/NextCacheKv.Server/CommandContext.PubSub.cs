using NextCacheKv.Server.PubSub;

namespace NextCacheKv.Server;

/// <summary>The connection's pub/sub state, created by its first subscription.</summary>
public sealed partial class CommandContext
{
    private Subscriber? subscriber;

    /// <summary>The connection this context serves; null for contexts without one (scripts' fake clients).</summary>
    internal RespConnection? Connection { get; init; }

    internal Subscriber? SubscriberOrNull => subscriber;

    /// <summary>This connection's subscriber, created on first use.</summary>
    internal Subscriber Subscriber => subscriber ??= new Subscriber(Connection ?? throw new InvalidOperationException("Pub/sub needs a connection."));

    /// <summary>Writes the messages others published to this connection since the last call (loop only).</summary>
    internal void WritePendingMessages()
    {
        var s = subscriber;
        if (s is not null && s.HasPending) s.WritePending(Output);
    }
}
