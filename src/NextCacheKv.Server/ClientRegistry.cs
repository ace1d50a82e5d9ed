using System.Collections.Concurrent;

namespace NextCacheKv.Server;

/// <summary>Live connections, for CLIENT LIST/KILL, INFO clients, maxclients and closing all on shutdown.</summary>
public sealed class ClientRegistry
{
    private readonly ConcurrentDictionary<long, RespConnection> connections = new();

    public int Count => connections.Count;

    public void Add(RespConnection connection) => connections[connection.Client.Id] = connection;

    public void Remove(RespConnection connection) => connections.TryRemove(connection.Client.Id, out _);

    public IEnumerable<RespConnection> All => connections.Values;

    public bool TryGet(long id, out RespConnection? connection) => connections.TryGetValue(id, out connection);
}
