using System.Text;
using BenchmarkDotNet.Attributes;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Benchmarks;

/// <summary>
/// Single-member sorted-set operations at 1k and 1M members: the skip list with spans keeps each
/// O(log n), so the 1M figures should stay within a small factor (cache misses) of the 1k ones.
/// </summary>
[MemoryDiagnoser]
public class SortedSetBenchmarks
{
    private SortedSetObject set = null!;
    private byte[][] members = [];
    private readonly byte[] extra = Encoding.ASCII.GetBytes("member:extra");
    private int next;

    [Params(1_000, 1_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        set = new SortedSetObject();
        members = new byte[Size][];
        for (int i = 0; i < Size; i++)
        {
            members[i] = Encoding.ASCII.GetBytes($"member:{i}");
            set.Add(members[i], random.Next(Size));
        }
    }

    private byte[] NextMember() => members[next = (next + 7919) % members.Length];

    /// <summary>ZADD of a new member, then ZREM of it.</summary>
    [Benchmark]
    public void AddThenRemove()
    {
        set.Add(extra, next++ % Size);
        set.Remove(extra);
    }

    /// <summary>ZADD/ZINCRBY of an existing member to a new score.</summary>
    [Benchmark]
    public void Rescore()
    {
        set.TryGet(NextMember(), out var node);
        set.UpdateScore(node, (node.Score + 7) % Size);
    }

    [Benchmark]
    public long Rank() => set.RankOf(NextMember(), reverse: false);

    [Benchmark]
    public double? ByIndex() => set.AtIndex(next++ % Size)?.Score;

    [Benchmark]
    public bool Score() => set.TryGetScore(NextMember(), out _);
}
