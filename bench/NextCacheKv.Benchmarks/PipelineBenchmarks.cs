using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using NextCacheKv.Server;

namespace NextCacheKv.Benchmarks;

/// <summary>
/// The whole server path without sockets: one pipelined batch of 100 requests in, 100 replies out, through
/// CacheServer.ServeAsync over in-memory pipes. Times are per batch; the goal is 0 B allocated per batch.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private TempDirectory directory = null!;
    private CacheServer server = null!;
    private InMemoryConnection connection = null!;
    private Task serving = Task.CompletedTask;
    private byte[] sets = [];
    private byte[] gets = [];
    private byte[] mixed = [];
    private byte[] pings = [];

    [GlobalSetup]
    public void Setup()
    {
        directory = new TempDirectory();
        var options = new ServerOptions
        {
            // Keep background work off the measured path: no checkpoints, expiry passes only hourly.
            CheckpointIntervalSeconds = 0,
            ActiveExpiryIntervalMs = 3_600_000,
        };
        BenchStoreSizing.Apply(options.Store, directory.Path);
        server = new CacheServer(options);
        server.StartAsync(listen: false).GetAwaiter().GetResult();
        connection = new InMemoryConnection();
        serving = server.ServeAsync(connection.ServerSide);

        sets = RequestBatches.Sets();
        gets = RequestBatches.Gets();
        mixed = RequestBatches.Mixed();
        pings = RequestBatches.Pings();
        // Create every key first, so GETs hit and SETs overwrite in place as in a warm cache.
        RoundTrip(sets);
        RoundTrip(mixed);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        connection.ClientOutput.Complete();
        if (!serving.Wait(TimeSpan.FromSeconds(10))) throw new TimeoutException("The connection did not close.");
        connection.ClientInput.Complete();
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        directory.Dispose();
    }

    [Benchmark]
    public int Set100() => RoundTrip(sets);

    [Benchmark]
    public int Get100() => RoundTrip(gets);

    [Benchmark]
    public int Mixed100() => RoundTrip(mixed);

    [Benchmark]
    public int Ping100() => RoundTrip(pings);

    private int RoundTrip(byte[] batch) => connection.RoundTrip(batch, RequestBatches.Size);
}
