namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>Anything a test can open RESP connections to: our server or a real redis-server.</summary>
public interface IRespServer : IAsyncDisposable
{
    string Name { get; }

    int Port { get; }

    Task<RawRespClient> ConnectAsync();
}
