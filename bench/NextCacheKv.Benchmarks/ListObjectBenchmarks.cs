using BenchmarkDotNet.Attributes;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Benchmarks;

/// <summary>
/// A list of 300k 3-byte elements, as redis-benchmark's LPUSH leaves <c>mylist</c> before its LRANGE
/// tests, in memory (no sockets): pushes and pops at the ends, and reading 100 elements as LRANGE does.
/// Each iteration starts from a fresh copy of the list, so pushes and pops always meet ~300k elements.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(64)]
public class ListObjectBenchmarks
{
    private const int Size = 300_000;
    private const int Batch = 1024;
    private readonly byte[] element = "xyz"u8.ToArray();
    private ListObject template = null!;
    private ListObject list = null!;

    [GlobalSetup]
    public void Setup()
    {
        template = new ListObject();
        for (int i = 0; i < Size; i++) template.PushFront(element);
    }

    [IterationSetup]
    public void Reset() => list = (ListObject)template.Clone();

    /// <summary>LPUSH of one 3-byte element.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void PushFront()
    {
        for (int i = 0; i < Batch; i++) list.PushFront(element);
    }

    /// <summary>LPOP: the element is read as a reply would copy it.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int PopFront()
    {
        int bytes = 0;
        for (int i = 0; i < Batch; i++) bytes += list.PopFront().Length;
        return bytes;
    }

    /// <summary>RPOP.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int PopBack()
    {
        int bytes = 0;
        for (int i = 0; i < Batch; i++) bytes += list.PopBack().Length;
        return bytes;
    }

    /// <summary>LRANGE mylist 0 99, what redis-benchmark's LRANGE_100 sends.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int RangeOf100AtHead() => ReadRanges(0);

    /// <summary>LRANGE from the middle: the index is found by walking chunks, then entries in one chunk.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int RangeOf100InMiddle() => ReadRanges(Size / 2);

    private int ReadRanges(int start)
    {
        int bytes = 0;
        for (int i = 0; i < Batch; i++)
            foreach (var item in list.Range(start, 100)) bytes += item.Length;
        return bytes;
    }
}
