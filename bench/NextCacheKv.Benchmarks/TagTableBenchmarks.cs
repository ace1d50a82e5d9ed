using BenchmarkDotNet.Attributes;
using NextCacheKv.Storage;

namespace NextCacheKv.Benchmarks;

/// <summary>
/// NEXTGET's tag check alone: an entry's 5 tags plus 5 soft tags looked up in a table where each has a
/// record (none expiring the entry), among 10,000 other tags.
/// </summary>
[MemoryDiagnoser]
public class TagTableBenchmarks
{
    private readonly TagTable table = new();
    private byte[] entryTags = [];
    private byte[] softTags = [];

    [GlobalSetup]
    public void Setup()
    {
        ReadOnlyMemory<byte>[] tags = ["_N_T_/layout"u8.ToArray(), "_N_T_/blog/layout"u8.ToArray(), "_N_T_/blog/a"u8.ToArray(), "posts"u8.ToArray(), "authors"u8.ToArray()];
        foreach (var tag in tags) table.Revalidate(0, tag.Span, TagRevalidation.ExpireNow, 1000, 0);
        for (int i = 0; i < 10_000; i++) table.Revalidate(0, System.Text.Encoding.ASCII.GetBytes($"_N_T_/blog/post-{i}"), TagRevalidation.ExpireNow, 1000, 0);
        entryTags = new byte[TagList.SizeOf(tags)];
        TagList.Write(entryTags, tags);
        softTags = entryTags;
    }

    [Benchmark]
    public TagVerdict Judge10Tags() => table.Judge(0, 1_795_000_000_000, entryTags, softTags, 1_795_000_000_001, out _);
}
