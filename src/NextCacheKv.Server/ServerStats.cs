namespace NextCacheKv.Server;

/// <summary>Counters for INFO stats; updated with Interlocked, reset by CONFIG RESETSTAT.</summary>
public sealed class ServerStats
{
    public long ConnectionsReceived;
    public long CommandsProcessed;
    public long RejectedConnections;
    public long ExpiredKeys;
    public long KeyspaceHits;
    public long KeyspaceMisses;
    public long NetInputBytes;
    public long NetOutputBytes;
    public long ErrorReplies;

    public void Reset()
    {
        Interlocked.Exchange(ref ConnectionsReceived, 0);
        Interlocked.Exchange(ref CommandsProcessed, 0);
        Interlocked.Exchange(ref RejectedConnections, 0);
        Interlocked.Exchange(ref ExpiredKeys, 0);
        Interlocked.Exchange(ref KeyspaceHits, 0);
        Interlocked.Exchange(ref KeyspaceMisses, 0);
        Interlocked.Exchange(ref NetInputBytes, 0);
        Interlocked.Exchange(ref NetOutputBytes, 0);
        Interlocked.Exchange(ref ErrorReplies, 0);
    }
}
