using System.Buffers;
using BenchmarkDotNet.Attributes;
using NextCacheKv.Protocol;

namespace NextCacheKv.Benchmarks;

/// <summary>RespReader.TryParse over one pipelined batch of 100 requests; times are per batch.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    // Small enough that a third of the SET requests straddle two segments (the parser's slow path).
    private const int SmallReadBytes = 512;

    private readonly RespRequest request = new();
    private readonly ProtocolLimits limits = new();
    private ReadOnlySequence<byte> sets;
    private ReadOnlySequence<byte> setsInSmallReads;
    private ReadOnlySequence<byte> gets;
    private ReadOnlySequence<byte> inlinePings;

    [GlobalSetup]
    public void Setup()
    {
        byte[] setBytes = RequestBatches.Sets();
        sets = new ReadOnlySequence<byte>(setBytes);
        setsInSmallReads = ChunkedSequence.Create(setBytes, SmallReadBytes);
        gets = new ReadOnlySequence<byte>(RequestBatches.Gets());
        inlinePings = new ReadOnlySequence<byte>(RequestBatches.InlinePings());
    }

    [GlobalCleanup]
    public void Cleanup() => request.Dispose();

    [Benchmark]
    public int Set100() => ParseAll(sets);

    [Benchmark]
    public int Set100InSmallReads() => ParseAll(setsInSmallReads);

    [Benchmark]
    public int Get100() => ParseAll(gets);

    [Benchmark]
    public int InlinePing100() => ParseAll(inlinePings);

    private int ParseAll(ReadOnlySequence<byte> buffer)
    {
        int parsed = 0;
        while (RespReader.TryParse(ref buffer, request, limits, out _) == RespParseStatus.Complete) parsed++;
        if (parsed != RequestBatches.Size) throw new InvalidOperationException($"Parsed {parsed} requests, expected {RequestBatches.Size}.");
        return parsed;
    }
}
