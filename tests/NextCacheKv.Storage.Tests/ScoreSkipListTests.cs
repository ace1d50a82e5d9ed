using System.Text;
using NextCacheKv.Storage.Objects;
using NextCacheKv.Storage.Objects.SortedSets;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// The skip list behind sorted sets, against a plain sorted model under random inserts, score updates
/// and removals: order, back links, spans (via <c>Validate</c>), rank and by-rank lookups, and ranges.
/// </summary>
public class ScoreSkipListTests
{
    private static readonly Comparison<(double Score, byte[] Member)> ModelOrder = (a, b) =>
        a.Score != b.Score ? a.Score.CompareTo(b.Score) : a.Member.AsSpan().SequenceCompareTo(b.Member);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_operations_keep_order_ranks_and_spans(int seed)
    {
        var random = new Random(seed);
        var set = new SortedSetObject();
        var model = new Dictionary<string, double>();
        for (int step = 0; step < 4000; step++)
        {
            string member = "m" + random.Next(600);
            double score = random.Next(5) == 0 ? random.Next(3) : random.Next(-1000, 1000) / 4.0;
            switch (random.Next(4))
            {
                case 0 or 1:
                    if (set.TryGet(B(member), out var node)) set.UpdateScore(node, score);
                    else set.Add(B(member), score);
                    model[member] = score;
                    break;
                case 2:
                    Assert.Equal(model.Remove(member), set.Remove(B(member)));
                    break;
                default:
                    if (set.Ordered.First is { } first && random.Next(2) == 0)
                    {
                        model.Remove(Encoding.ASCII.GetString(first.Member));
                        set.Remove(first);
                    }
                    break;
            }
            if (step % 200 == 0) AssertMatches(model, set);
        }
        AssertMatches(model, set);
    }

    [Fact]
    public void Ranges_find_their_first_and_last_members_and_count_them()
    {
        var set = new SortedSetObject();
        for (int i = 0; i < 300; i++) set.Add(B($"m{i:D3}"), i / 10);

        var inclusive = new ScoreRange(5, false, 7, false);
        Assert.Equal("m050", S(set.Ordered.FirstInRange(inclusive)!.Member));
        Assert.Equal("m079", S(set.Ordered.LastInRange(inclusive)!.Member));
        Assert.Equal(30, set.CountInRange(inclusive));

        var exclusive = new ScoreRange(5, true, 7, true);
        Assert.Equal("m060", S(set.Ordered.FirstInRange(exclusive)!.Member));
        Assert.Equal(10, set.CountInRange(exclusive));

        Assert.Null(set.Ordered.FirstInRange(new ScoreRange(100, false, 200, false)));
        Assert.Null(set.Ordered.LastInRange(new ScoreRange(7, true, 7, false)));
        Assert.Equal(300, set.CountInRange(new ScoreRange(double.NegativeInfinity, false, double.PositiveInfinity, false)));
    }

    [Fact]
    public void Lex_ranges_compare_bytes_with_open_and_infinite_ends()
    {
        var set = new SortedSetObject();
        foreach (var member in new[] { "a", "b", "ba", "c", "" }) set.Add(B(member), 0);

        var range = new LexRange(new LexBound(LexBoundKind.Value, B("b"), false), new LexBound(LexBoundKind.Value, B("c"), true));
        Assert.Equal("b", S(set.Ordered.FirstInRange(range)!.Member));
        Assert.Equal("ba", S(set.Ordered.LastInRange(range)!.Member));
        Assert.Equal(2, set.CountInRange(range));
        Assert.Equal(5, set.CountInRange(new LexRange(LexBound.NegativeInfinity, LexBound.PositiveInfinity)));
        Assert.Equal(0, set.CountInRange(new LexRange(LexBound.PositiveInfinity, LexBound.NegativeInfinity)));
    }

    [Fact]
    public void Snapshot_round_trip_and_clone_keep_members_and_scores()
    {
        var set = new SortedSetObject();
        for (int i = 0; i < 200; i++) set.Add(B($"m{i}"), i % 7 - 3.5);
        set.Add(B("neg-inf"), double.NegativeInfinity);

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) set.WriteTo(writer);
        stream.Position = 0;
        var read = SortedSetObject.Read(new BinaryReader(stream));
        var clone = (SortedSetObject)set.Clone();
        set.Remove(B("m0"));

        foreach (var copy in new[] { read, clone })
        {
            Assert.Equal(201, copy.Count);
            Assert.True(copy.TryGetScore(B("m0"), out double score));
            Assert.Equal(-3.5, score);
            Assert.Equal("neg-inf", S(copy.Ordered.First!.Member));
            copy.Ordered.Validate();
        }
    }

    [Fact]
    public void Scan_slots_return_every_member_present_throughout_despite_churn()
    {
        var random = new Random(7);
        var set = new SortedSetObject();
        for (int i = 0; i < 1000; i++) set.Add(B($"stable{i}"), i);
        var seen = new HashSet<string>();
        long cursor = 0;
        do
        {
            var page = new List<SkipListNode>();
            cursor = set.ScanSlots(cursor, 10, 100, page);
            foreach (var node in page) seen.Add(S(node.Member));
            for (int i = 0; i < 5; i++)
            {
                set.Add(B($"churn{random.Next(1_000_000)}"), random.Next(100));
                if (set.Ordered.Last is { } last && S(last.Member).StartsWith("churn", StringComparison.Ordinal)) set.Remove(last);
                if (set.TryGet(B($"stable{random.Next(1000)}"), out var stable)) set.UpdateScore(stable, random.Next(-500, 500));
            }
        } while (cursor != 0);

        Assert.All(Enumerable.Range(0, 1000), i => Assert.Contains($"stable{i}", seen));
    }

    private static void AssertMatches(Dictionary<string, double> model, SortedSetObject set)
    {
        set.Ordered.Validate();
        var expected = model.Select(pair => (pair.Value, B(pair.Key))).ToList();
        expected.Sort(ModelOrder);
        Assert.Equal(expected.Count, set.Count);
        int rank = 0;
        for (var node = set.Ordered.First; node is not null; node = node.Next, rank++)
        {
            Assert.Equal(expected[rank].Value, node.Score);
            Assert.Equal(expected[rank].Item2, node.Member);
            Assert.Equal(rank, set.RankOf(node.Member, reverse: false));
            Assert.Equal(expected.Count - 1 - rank, set.RankOf(node.Member, reverse: true));
            Assert.Same(node, set.AtIndex(rank));
        }
        Assert.Null(set.AtIndex(expected.Count));
        Assert.Null(set.AtIndex(-1));
    }

    private static byte[] B(string text) => Encoding.UTF8.GetBytes(text);

    private static string S(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
