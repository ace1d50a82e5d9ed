using BenchmarkDotNet.Attributes;
using NextCacheKv.Storage;

namespace NextCacheKv.Benchmarks;

/// <summary>100 GETs or SETs through one StoreSession on an in-memory FASTER store; times are per 100 operations.</summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private readonly DiscardingSink discarding = new();
    private readonly CopyingSink copying = new();
    private TempDirectory directory = null!;
    private CacheStore store = null!;
    private StoreSession session = null!;
    private byte[][] keys = [];
    private byte[] value = [];

    [GlobalSetup]
    public void Setup()
    {
        directory = new TempDirectory();
        var options = new StoreOptions();
        BenchStoreSizing.Apply(options, directory.Path);
        store = CacheStore.Open(options);
        session = store.NewSession();
        keys = Enumerable.Range(0, RequestBatches.Size).Select(RequestBatches.Key).ToArray();
        value = RequestBatches.Value(RequestBatches.ValueLength);
        Set100();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        session.Dispose();
        store.Dispose();
        directory.Dispose();
    }

    [Benchmark]
    public int Get100Discarding() => Get100(discarding);

    [Benchmark]
    public int Get100Copying() => Get100(copying);

    /// <summary>Same-size overwrites of existing keys: FASTER updates them in place.</summary>
    [Benchmark]
    public int Set100()
    {
        foreach (byte[] key in keys) Expect(session.Set(0, key, value, StoreFlags.None, 0), OpStatus.Ok);
        return keys.Length;
    }

    /// <summary>SET … GET: the old value streams to the sink during the update.</summary>
    [Benchmark]
    public int Set100ReturningOld()
    {
        foreach (byte[] key in keys) Expect(session.Set(0, key, value, StoreFlags.ReturnOld, 0, copying), OpStatus.Ok);
        return copying.LastLength;
    }

    private int Get100(IValueSink sink)
    {
        foreach (byte[] key in keys) Expect(session.Get(0, key, sink), OpStatus.Ok);
        return keys.Length;
    }

    /// <summary>A Pending result would mean the store was sized too small and the figures include disk reads.</summary>
    private static void Expect(StoreResult result, OpStatus expected)
    {
        if (result.Status != expected) throw new InvalidOperationException($"Store returned {result.Status}, expected {expected}.");
    }
}
