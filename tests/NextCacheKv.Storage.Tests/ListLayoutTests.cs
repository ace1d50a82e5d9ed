using NextCacheKv.Storage.Objects;
using NextCacheKv.Storage.Objects.Lists;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// How a list is laid out in memory: few chunks for many small elements, no buffer on the Large Object
/// Heap, small lists small, edits that do not fragment, and the entry encoding at its varint steps.
/// </summary>
public class ListLayoutTests
{
    private const int LargeObjectHeapBytes = 85_000;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Three_hundred_thousand_small_elements_take_a_few_hundred_chunks(bool front)
    {
        var list = new ListObject();
        for (int i = 0; i < 300_000; i++)
        {
            byte[] element = [(byte)'a', (byte)(i % 26 + 'a'), (byte)'z'];
            if (front) list.PushFront(element);
            else list.PushBack(element);
        }

        // 5 bytes an entry, 8 KB a chunk: 184 full chunks.
        Assert.InRange(list.ChunkCount, 180, 200);
        for (int i = 0; i < list.ChunkCount; i++) Assert.True(list.Chunks[i].Capacity <= ListChunk.TargetBytes);
        Assert.Equal(300_000 * 5, list.EntryBytes);
        ListObjectTests.AssertWellFormed(list);
    }

    [Fact]
    public void A_one_element_list_does_not_take_a_whole_chunk()
    {
        var list = new ListObject();
        list.PushBack("abc"u8);

        Assert.Equal(1, list.ChunkCount);
        Assert.True(list.Chunks[0].Capacity <= 16, $"capacity {list.Chunks[0].Capacity}");
    }

    [Fact]
    public void Only_an_element_bigger_than_the_heap_threshold_gets_a_buffer_that_big()
    {
        var list = new ListObject();
        for (int i = 0; i < 50_000; i++) list.PushBack(new byte[100]);
        list.PushBack(new byte[100_000]);
        for (int i = 0; i < 1_000; i++) list.Insert(25_000, new byte[1_000]);

        int large = 0;
        for (int i = 0; i < list.ChunkCount; i++)
            if (list.Chunks[i].Capacity >= LargeObjectHeapBytes) large++;
        Assert.Equal(1, large);
        ListObjectTests.AssertWellFormed(list);
    }

    [Fact]
    public void Inserting_again_and_again_in_the_middle_keeps_chunks_reasonably_full()
    {
        var list = new ListObject();
        for (int i = 0; i < 20_000; i++) list.PushBack("abc"u8);

        for (int i = 0; i < 50_000; i++) list.Insert(list.Length / 2, "xyz"u8);

        // 350 KB of entries: at least a third full on average, so well under 3 * 350 KB / 8 KB.
        Assert.True(list.ChunkCount <= 3 * list.EntryBytes / ListChunk.TargetBytes + 2, $"{list.ChunkCount} chunks");
        ListObjectTests.AssertWellFormed(list);
    }

    [Fact]
    public void Removing_most_elements_merges_the_chunks_left_behind()
    {
        var list = new ListObject();
        for (int i = 0; i < 100_000; i++) list.PushBack(i % 10 == 0 ? "keep"u8 : "drop"u8);
        int chunksBefore = list.ChunkCount;

        list.RemoveMatching("drop"u8, 0, fromTail: true);

        Assert.Equal(10_000, list.Length);
        Assert.True(list.ChunkCount * 5 <= chunksBefore, $"{list.ChunkCount} chunks of {chunksBefore}");
        ListObjectTests.AssertWellFormed(list);
    }

    [Fact]
    public void Removing_one_by_one_from_the_middle_merges_neighbours()
    {
        var list = new ListObject();
        for (int i = 0; i < 20_000; i++) list.PushBack("abc"u8);

        while (list.Length > 1_000) list.RemoveAt(list.Length / 2);

        // 5 KB left: two chunks at the most.
        Assert.True(list.ChunkCount <= 2, $"{list.ChunkCount} chunks");
        ListObjectTests.AssertWellFormed(list);
    }

    [Fact]
    public void Pushing_and_popping_across_a_chunk_boundary_reuses_the_emptied_chunk()
    {
        var list = new ListObject();
        while (list.ChunkCount < 3) list.PushFront("abc"u8);
        list.PopFront();
        for (int i = 0; i < 100; i++) list.PushFront("abc"u8);
        list.PopFront();

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            // Each push opens a new head chunk, each pop empties it.
            while (list.ChunkCount == 3) list.PopFront();
            list.PushFront("abc"u8);
        }

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 100_000, "a new 8 KB chunk per push");
    }

    [Fact]
    public void A_list_drained_by_pops_gives_its_buffer_back()
    {
        var list = new ListObject();
        for (int i = 0; i < 1_500; i++) list.PushBack("abc"u8);
        Assert.Equal(1, list.ChunkCount);

        while (list.Length > 2) list.PopFront();

        Assert.True(list.Chunks[0].Capacity <= 64, $"capacity {list.Chunks[0].Capacity}");
    }

    [Fact]
    public void An_element_that_outgrows_the_end_of_a_full_chunk_moves_to_the_next_one()
    {
        var list = new ListObject();
        while (list.ChunkCount < 2) list.PushBack("abc"u8);
        for (int i = 0; i < 9; i++) list.PushBack("abc"u8);
        int last = list.Chunks[0].Count - 1;
        var grown = new byte[3_000];

        list.Set(last, grown);

        Assert.Equal(grown, list.ElementAt(last).ToArray());
        Assert.Equal(2, list.ChunkCount);
        Assert.Equal(last, list.Chunks[0].Count);
        ListObjectTests.AssertWellFormed(list);
    }

    [Fact]
    public void Replacing_a_huge_element_with_a_small_one_shrinks_its_chunk()
    {
        var list = new ListObject();
        list.PushBack("a"u8);
        list.PushBack(new byte[200_000]);
        list.PushBack("b"u8);

        list.Set(1, "small"u8);

        Assert.Equal("small"u8.ToArray(), list.ElementAt(1).ToArray());
        for (int i = 0; i < list.ChunkCount; i++) Assert.True(list.Chunks[i].Capacity <= ListChunk.TargetBytes);
        ListObjectTests.AssertWellFormed(list);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(16_383)]
    [InlineData(16_384)]
    [InlineData(2_097_151)]
    [InlineData(2_097_152)]
    public void An_entry_reads_the_same_length_forward_and_backward(int length)
    {
        var entry = new byte[ListEntry.Size(length)];

        var payload = ListEntry.Frame(entry, length);

        Assert.Equal(length, payload.Length);
        Assert.Equal(length, ListEntry.ReadForward(entry, 0, out int header));
        Assert.Equal(length, ListEntry.ReadBackward(entry, entry.Length, out int trailer));
        Assert.Equal(header, trailer);
        Assert.Equal(entry.Length, length + header + trailer);
    }
}
