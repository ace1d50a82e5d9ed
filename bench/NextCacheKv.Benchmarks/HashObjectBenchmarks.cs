using System.Text;
using BenchmarkDotNet.Attributes;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Benchmarks;

/// <summary>
/// Single-field operations on a hash of 1k vs 1M fields, in memory (no sockets): the cost must not
/// grow with the size beyond cache effects. Each invocation runs 1,024 operations on random fields.
/// </summary>
[MemoryDiagnoser]
public class HashObjectBenchmarks
{
    private const int Batch = 1024;
    private HashObject hash = null!;
    private byte[][] fields = [];
    private readonly byte[] value = "value"u8.ToArray();

    [Params(1_000, 1_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        hash = new HashObject();
        for (int i = 0; i < Size; i++) hash.Set(Encoding.ASCII.GetBytes($"field:{i}"), value);
        var random = new Random(1);
        fields = [.. Enumerable.Range(0, Batch).Select(_ => Encoding.ASCII.GetBytes($"field:{random.Next(Size)}"))];
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Get()
    {
        int found = 0;
        foreach (var field in fields)
            if (hash.TryGetValue(field, out _)) found++;
        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Exists()
    {
        int found = 0;
        foreach (var field in fields)
            if (hash.ContainsField(field)) found++;
        return found;
    }

    /// <summary>HSET of an existing field: the size stays put.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void SetExisting()
    {
        foreach (var field in fields) hash.Set(field, value);
    }

    /// <summary>HDEL then HSET of the same field (the pair counts as one operation): holes and compaction included.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void DeleteAndReinsert()
    {
        foreach (var field in fields)
        {
            hash.Remove(field);
            hash.Set(field, value);
        }
    }
}
