namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>A test class with one in-process server and one raw client connected to it; <see cref="Clock"/> can be replaced.</summary>
public abstract class ServerClientTest : IAsyncLifetime
{
    protected TestServer server = null!;
    protected RawRespClient client = null!;

    /// <summary>The server's expiry clock; null for the system clock.</summary>
    protected virtual TimeProvider? Clock => null;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync(clock: Clock);
        client = await server.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        if (client is not null)
            await client.DisposeAsync();
        if (server is not null)
            await server.DisposeAsync();
    }
}
