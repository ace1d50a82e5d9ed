using NextCacheKv.Storage;

namespace NextCacheKv.Server;

/// <summary>Counters for INFO stats, striped per core so the request path never shares a cache line; reset by CONFIG RESETSTAT.</summary>
public sealed class ServerStats
{
    public StripedCounter ConnectionsReceived { get; } = new();
    public StripedCounter CommandsProcessed { get; } = new();
    public StripedCounter RejectedConnections { get; } = new();
    public StripedCounter ExpiredKeys { get; } = new();
    public StripedCounter KeyspaceHits { get; } = new();
    public StripedCounter KeyspaceMisses { get; } = new();
    public StripedCounter NetInputBytes { get; } = new();
    public StripedCounter ErrorReplies { get; } = new();
    /// <summary>Waits of an event loop that found work by polling, without sleeping (see BusyPoll).</summary>
    public StripedCounter BusyPollHits { get; } = new();
    /// <summary>Polls that found nothing in their time and went to sleep.</summary>
    public StripedCounter BusyPollMisses { get; } = new();
    /// <summary>Naps an event loop took on a timer instead of sleeping in epoll_wait (see BatchNap).</summary>
    public StripedCounter Naps { get; } = new();
    /// <summary>Events that were waiting when those naps ended.</summary>
    public StripedCounter NapReadyEvents { get; } = new();

    public void Reset()
    {
        foreach (var counter in new[] { ConnectionsReceived, CommandsProcessed, RejectedConnections, ExpiredKeys, KeyspaceHits, KeyspaceMisses, NetInputBytes, ErrorReplies, BusyPollHits, BusyPollMisses, Naps, NapReadyEvents })
            counter.Reset();
    }
}
