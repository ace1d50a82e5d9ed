namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>A test class with one in-process server and one raw client connected to it.</summary>
public abstract class ServerClientTest : IAsyncLifetime
{
    protected TestServer server = null!;
    protected RawRespClient client = null!;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync();
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
