using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Storage.Tests;

/// <summary>The list deque against a plain List model, through growth, wrap-around and shrinking.</summary>
public class ListObjectTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_operations_match_a_simple_list(int seed)
    {
        var random = new Random(seed);
        var list = new ListObject();
        var model = new List<byte[]>();
        for (int step = 0; step < 20_000; step++)
        {
            var element = new[] { (byte)random.Next(4) };
            switch (random.Next(9))
            {
                case 0 or 1:
                    list.PushFront(element);
                    model.Insert(0, element);
                    break;
                case 2 or 3:
                    list.PushBack(element);
                    model.Add(element);
                    break;
                case 4 when model.Count > 0:
                    Assert.Equal(model[0], list.PopFront());
                    model.RemoveAt(0);
                    break;
                case 5 when model.Count > 0:
                    Assert.Equal(model[^1], list.PopBack());
                    model.RemoveAt(model.Count - 1);
                    break;
                case 6:
                    int at = random.Next(model.Count + 1);
                    list.Insert(at, element);
                    model.Insert(at, element);
                    break;
                case 7 when model.Count > 0:
                    int remove = random.Next(model.Count);
                    list.RemoveAt(remove);
                    model.RemoveAt(remove);
                    break;
                case 8:
                    int limit = random.Next(3);
                    bool fromTail = random.Next(2) == 0;
                    int expected = RemoveFromModel(model, element, limit, fromTail);
                    Assert.Equal(expected, list.RemoveMatching(element, limit, fromTail));
                    break;
            }
            Assert.Equal(model.Count, list.Length);
        }
        Assert.Equal(model, list.Items());
    }

    [Fact]
    public void Trimming_keeps_the_middle_and_a_drained_list_is_reusable()
    {
        var list = new ListObject();
        for (int i = 0; i < 1000; i++) list.PushBack([(byte)(i % 256)]);

        list.Trim(100, 50);

        Assert.Equal(50, list.Length);
        Assert.Equal([(byte)100], list[0]);
        Assert.Equal([(byte)149], list[49]);
        list.RemoveEnds(25, 25);
        Assert.Equal(0, list.Length);
        list.PushFront([7]);
        Assert.Equal([7], list.PopBack());
    }

    [Fact]
    public void Removing_every_match_from_a_huge_list_is_one_pass()
    {
        var list = new ListObject();
        byte[] match = [1], other = [2];
        for (int i = 0; i < 1_000_000; i++) list.PushBack(i % 2 == 0 ? match : other);

        // Quadratic removal would take minutes here; the single pass is instant.
        Assert.Equal(500_000, list.RemoveMatching(match, 0, fromTail: false));

        Assert.Equal(500_000, list.Length);
        Assert.All(list.Items(), item => Assert.Equal(other, item));
    }

    [Fact]
    public void Snapshot_round_trip_keeps_order_and_bytes()
    {
        var list = new ListObject();
        list.PushBack([]);
        list.PushBack([0, 13, 10, 255]);
        list.PushFront([42]);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) list.WriteTo(writer);
        stream.Position = 0;

        var read = ListObject.Read(new BinaryReader(stream));

        Assert.Equal(list.Items(), read.Items());
    }

    private static int RemoveFromModel(List<byte[]> model, byte[] element, int limit, bool fromTail)
    {
        int removed = 0;
        if (!fromTail)
        {
            for (int i = 0; i < model.Count && (limit == 0 || removed < limit);)
            {
                if (model[i].AsSpan().SequenceEqual(element)) { model.RemoveAt(i); removed++; }
                else i++;
            }
        }
        else
        {
            for (int i = model.Count - 1; i >= 0 && (limit == 0 || removed < limit); i--)
            {
                if (model[i].AsSpan().SequenceEqual(element)) { model.RemoveAt(i); removed++; }
            }
        }
        return removed;
    }
}
