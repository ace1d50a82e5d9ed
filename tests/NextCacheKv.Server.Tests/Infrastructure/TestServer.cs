using System.Collections.Concurrent;
using NextCacheKv.Server.Transport;

namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>
/// An in-process NextCacheKv server on a loopback port chosen by the OS, with its own data folder.
/// </summary>
public sealed class TestServer : IRespServer
{
    private readonly CacheServer server;
    private readonly TempDirectory dataDirectory;
    private readonly ConcurrentQueue<string> log;

    private TestServer(CacheServer server, TempDirectory dataDirectory, ConcurrentQueue<string> log)
    {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.log = log;
    }

    public string Name => "nextcachekv";

    public int Port => server.EndPoint.Port;

    /// <summary>What the server logged so far; handy in failure messages.</summary>
    public IReadOnlyCollection<string> Log => log;

    /// <summary>A server on the given socket engine with <paramref name="ioThreads"/> event loops.</summary>
    public static Task<TestServer> StartWithLoopsAsync(IoEngine engine, int ioThreads, Action<ServerOptions>? configure = null) => StartAsync(options =>
    {
        options.IoEngine = engine;
        options.IoThreads = ioThreads;
        configure?.Invoke(options);
    });

    /// <param name="configure">Adjusts options (limits, clients, password) before start.</param>
    /// <param name="clock">Replaces the expiry clock, e.g. a <see cref="ManualClock"/>.</param>
    public static async Task<TestServer> StartAsync(Action<ServerOptions>? configure = null, TimeProvider? clock = null)
    {
        var dataDirectory = new TempDirectory("server");
        var log = new ConcurrentQueue<string>();
        var options = new ServerOptions { Bind = "127.0.0.1", Port = 0, CheckpointIntervalSeconds = 3600 };
        options.Store.Directory = dataDirectory.Path;
        // Small sizes keep many servers per test run cheap on a small CI machine.
        options.Store.MemoryBytes = 64L * 1024 * 1024;
        options.Store.PageBytes = 4L * 1024 * 1024;
        options.Store.IndexBytes = 1L * 1024 * 1024;
        if (clock is not null)
            options.Store.Clock = clock;
        configure?.Invoke(options);

        var server = new CacheServer(options, log.Enqueue);
        try
        {
            await server.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (options.Port == 0 && server.EndPoint.Port == 0)
                throw new InvalidOperationException("CacheServer.EndPoint still says port 0 after starting on port 0; it must report the port actually bound.");
        }
        catch
        {
            await server.DisposeAsync();
            dataDirectory.Dispose();
            throw;
        }
        return new TestServer(server, dataDirectory, log);
    }

    public Task<RawRespClient> ConnectAsync() => RawRespClient.ConnectAsync(Port);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await server.StopAsync(save: false).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await server.DisposeAsync();
            dataDirectory.Dispose();
        }
    }
}
