using NextCacheKv.Storage.Objects;
using NextCacheKv.Storage.Objects.Lists;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// The chunked list against a plain List model: every operation, with element sizes on each side of the
/// varint steps (127/128, 16383/16384) and of the chunk target (8 KB), so that edits cross chunk boundaries,
/// split full chunks, merge small ones and give huge elements chunks of their own.
/// </summary>
public class ListObjectTests
{
    // Entry sizes 8192 and 8193 (8188 and 8189 bytes plus 2 + 2) sit on either side of the chunk target.
    private static readonly int[] LargerSizes = [127, 128, 300, 5000, 8188, 8189, 16383, 16384, 40000];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_operations_match_a_simple_list(int seed)
    {
        var random = new Random(seed);
        var list = new ListObject();
        var model = new List<byte[]>();
        for (int step = 0; step < 20_000; step++)
        {
            if (step % 2_500 == 0) PushMany(random, list, model);
            var element = RandomElement(random);
            switch (random.Next(16))
            {
                case 0 or 1 or 2:
                    list.PushFront(element);
                    model.Insert(0, element);
                    break;
                case 3 or 4 or 5:
                    list.PushBack(element);
                    model.Add(element);
                    break;
                case 6 when model.Count > 0:
                    Assert.Equal(model[0], list.PopFront().ToArray());
                    model.RemoveAt(0);
                    break;
                case 7 when model.Count > 0:
                    Assert.Equal(model[^1], list.PopBack().ToArray());
                    model.RemoveAt(model.Count - 1);
                    break;
                case 8 or 9:
                    int at = random.Next(model.Count + 1);
                    list.Insert(at, element);
                    model.Insert(at, element);
                    break;
                case 10 when model.Count > 0:
                    int set = random.Next(model.Count);
                    list.Set(set, element);
                    model[set] = element;
                    break;
                case 11 when model.Count > 0:
                    int remove = random.Next(model.Count);
                    list.RemoveAt(remove);
                    model.RemoveAt(remove);
                    break;
                case 12:
                    var match = model.Count > 0 && random.Next(3) > 0 ? model[random.Next(model.Count)] : element;
                    int limit = random.Next(4);
                    bool fromTail = random.Next(2) == 0;
                    int expected = RemoveFromModel(model, match, limit, fromTail);
                    Assert.Equal(expected, list.RemoveMatching(match, limit, fromTail));
                    break;
                case 13:
                    // Mostly a few at each end; now and then whole chunks.
                    int most = random.Next(10) == 0 ? model.Count / 3 + 1 : 4;
                    int fromFront = random.Next(most), fromBack = random.Next(most);
                    list.RemoveEnds(fromFront, fromBack);
                    model = model.Count > fromFront + fromBack ? model.GetRange(fromFront, model.Count - fromFront - fromBack) : [];
                    break;
                case 14 when model.Count > 0:
                    int index = random.Next(model.Count);
                    Assert.Equal(model[index], list.ElementAt(index).ToArray());
                    Assert.Equal(model.FindIndex(item => item.AsSpan().SequenceEqual(model[index])), list.IndexOf(model[index]));
                    break;
                case 15:
                    int start = random.Next(model.Count + 1);
                    int count = random.Next(Math.Min(300, model.Count - start) + 1);
                    Assert.Equal(model.GetRange(start, count), ToArrays(list.Range(start, count)));
                    Assert.Equal(Enumerable.Reverse(model.GetRange(start, count)), ToArrays(list.ReverseRange(start, count)));
                    break;
            }
            Assert.Equal(model.Count, list.Length);
            if (step % 250 == 0) AssertSame(model, list);
        }
        AssertSame(model, list);
        AssertSame(model, RoundTrip(list));
    }

    [Fact]
    public void Trimming_keeps_the_middle_and_a_drained_list_is_reusable()
    {
        var list = new ListObject();
        for (int i = 0; i < 1000; i++) list.PushBack([(byte)(i % 256)]);

        list.Trim(100, 50);

        Assert.Equal(50, list.Length);
        Assert.Equal([(byte)100], list.ElementAt(0).ToArray());
        Assert.Equal([(byte)149], list.ElementAt(49).ToArray());
        list.RemoveEnds(25, 25);
        Assert.Equal(0, list.Length);
        Assert.Equal(0, list.ChunkCount);
        list.PushFront([7]);
        Assert.Equal([7], list.PopBack().ToArray());
    }

    [Fact]
    public void Trimming_a_long_list_drops_whole_chunks_and_keeps_the_boundary_elements()
    {
        var list = new ListObject();
        var model = new List<byte[]>();
        for (int i = 0; i < 100_000; i++)
        {
            byte[] element = BitConverter.GetBytes(i);
            list.PushBack(element);
            model.Add(element);
        }

        list.Trim(33_333, 20_000);

        AssertSame(model.GetRange(33_333, 20_000), list);
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
        foreach (var item in list.Range(0, list.Length)) Assert.True(item.SequenceEqual(other));
        AssertWellFormed(list);
    }

    [Fact]
    public void Snapshot_round_trip_keeps_order_and_bytes()
    {
        var list = new ListObject();
        list.PushBack([]);
        list.PushBack([0, 13, 10, 255]);
        list.PushFront([42]);
        foreach (int size in LargerSizes) list.PushBack(Filled(size, (byte)size));

        AssertSame(ToArrays(list.Range(0, list.Length)), RoundTrip(list));
    }

    [Fact]
    public void Snapshot_format_is_the_count_then_each_length_prefixed_element()
    {
        byte[][] elements = [[], [1, 2, 3], Filled(200, 9), Filled(20_000, 7)];
        var list = new ListObject();
        foreach (var element in elements) list.PushBack(element);
        using var expected = new MemoryStream();
        using (var writer = new BinaryWriter(expected, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(elements.Length);
            foreach (var element in elements)
            {
                writer.Write7BitEncodedInt(element.Length);
                writer.Write(element);
            }
        }

        Assert.Equal(expected.ToArray(), Serialise(list));
    }

    [Fact]
    public void A_clone_and_its_original_change_independently()
    {
        var list = new ListObject();
        for (int i = 0; i < 5_000; i++) list.PushBack(BitConverter.GetBytes(i));
        var before = ToArrays(list.Range(0, list.Length));

        var clone = (ListObject)list.Clone();
        list.Set(10, [1, 2, 3, 4, 5, 6]);
        list.PushFront([9]);
        list.PopBack();
        list.RemoveAt(2_500);

        AssertSame(before, clone);
        clone.Insert(100, [7]);
        clone.RemoveMatching(BitConverter.GetBytes(4), 0, fromTail: false);
        Assert.Equal([1, 2, 3, 4, 5, 6], list.ElementAt(11).ToArray());
        Assert.Equal(5_000 - 1, list.Length);
        Assert.Equal(5_000, clone.Length);
    }

    internal static void AssertSame(IReadOnlyList<byte[]> expected, ListObject list)
    {
        Assert.Equal(expected.Count, list.Length);
        Assert.Equal(expected, ToArrays(list.Range(0, list.Length)));
        AssertWellFormed(list);
    }

    /// <summary>Chunks hold what the list says, none is empty, and only a lone huge element goes over the target.</summary>
    internal static void AssertWellFormed(ListObject list)
    {
        int elements = 0;
        long bytes = 0;
        for (int i = 0; i < list.ChunkCount; i++)
        {
            var chunk = list.Chunks[i];
            Assert.True(chunk.Count > 0, $"chunk {i} is empty");
            Assert.True(chunk.Count == 1 || chunk.Bytes <= ListChunk.TargetBytes, $"chunk {i} holds {chunk.Bytes} bytes");
            Assert.True(chunk.Count == 1 || chunk.Capacity <= ListChunk.TargetBytes, $"chunk {i} has a {chunk.Capacity}-byte buffer");
            elements += chunk.Count;
            bytes += chunk.Bytes;
        }
        Assert.Equal(list.Length, elements);
        Assert.Equal(list.EntryBytes, bytes);
    }

    internal static List<byte[]> ToArrays(ListRange range)
    {
        var arrays = new List<byte[]>(range.Count);
        foreach (var item in range) arrays.Add(item.ToArray());
        return arrays;
    }

    private static byte[] Serialise(ListObject list)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) list.WriteTo(writer);
        return stream.ToArray();
    }

    private static ListObject RoundTrip(ListObject list)
    {
        using var stream = new MemoryStream(Serialise(list));
        var read = ListObject.Read(new BinaryReader(stream));
        Assert.Equal(stream.Length, stream.Position);
        return read;
    }

    /// <summary>Mostly 0-3 bytes over a tiny alphabet (so LREM finds matches), sometimes one of the larger sizes.</summary>
    private static byte[] RandomElement(Random random)
    {
        int size = random.Next(100) < 95 ? random.Next(4) : LargerSizes[random.Next(LargerSizes.Length)];
        var element = Filled(size, (byte)random.Next(2));
        if (size > 1) element[^1] = (byte)random.Next(2);
        return element;
    }

    /// <summary>A run of small elements at one end, so the list spans several full chunks.</summary>
    private static void PushMany(Random random, ListObject list, List<byte[]> model)
    {
        bool front = random.Next(2) == 0;
        for (int i = 0; i < 3_000; i++)
        {
            var element = Filled(random.Next(4), (byte)random.Next(3));
            if (front)
            {
                list.PushFront(element);
                model.Insert(0, element);
            }
            else
            {
                list.PushBack(element);
                model.Add(element);
            }
        }
    }

    private static byte[] Filled(int size, byte value)
    {
        var bytes = new byte[size];
        bytes.AsSpan().Fill(value);
        return bytes;
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
