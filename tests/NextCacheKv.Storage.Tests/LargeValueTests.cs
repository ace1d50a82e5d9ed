using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>Values above ChunkBytes (64 KB in these tests) are stored as chunks behind a manifest.</summary>
public class LargeValueTests
{
    [Fact]
    public void A_value_of_many_chunks_round_trips_and_reports_its_length()
    {
        using var temp = new TempStore();
        using var session = temp.Store.NewSession();
        var value = Pattern(1_000_003);
        Assert.True(session.Done(session.Set(0, B("big"), value, StoreFlags.None, 0)).IsOk);
        Assert.Equal(value, GetBytes(session, 0, "big"));
        Assert.Equal(value.Length, session.Done(session.StrLen(0, B("big"))).Integer);
        Assert.Equal(1, temp.Store.KeyCount(0));
        Assert.Equal(["big"], session.AllKeys(0));
    }

    [Fact]
    public void GetRange_reads_across_chunk_boundaries()
    {
        using var temp = new TempStore();
        using var session = temp.Store.NewSession();
        var value = Pattern(300_000);
        session.Done(session.Set(0, B("big"), value, StoreFlags.None, 0));
        var sink = new CapturingSink();
        session.Done(session.GetRange(0, B("big"), 65_000, 200_000, sink));
        Assert.Equal(value[65_000..200_001], sink.Captured);
        sink = new CapturingSink();
        session.Done(session.GetRange(0, B("big"), -10, -1, sink));
        Assert.Equal(value[^10..], sink.Captured);
    }

    [Fact]
    public void Overwriting_and_deleting_release_the_old_chunks()
    {
        using var temp = new TempStore();
        using var session = temp.Store.NewSession();
        session.Done(session.Set(0, B("big"), Pattern(500_000, 1), StoreFlags.None, 0));
        var oldSink = new CapturingSink();
        session.Done(session.Set(0, B("big"), Pattern(400_000, 2), StoreFlags.ReturnOld, 0, oldSink));
        Assert.Equal(Pattern(500_000, 1), oldSink.Captured);
        Assert.Equal(1, temp.Store.ReleasedChunkedValues);
        Assert.Equal(1, temp.Store.DeleteReleasedChunks(session));

        Assert.True(session.Done(session.Delete(0, B("big"))).IsOk);
        Assert.Equal(1, temp.Store.DeleteReleasedChunks(session));
        Assert.Null(GetBytes(session, 0, "big"));
        Assert.Equal(0, temp.Store.KeyCount(0));
    }

    [Fact]
    public void Append_past_the_inline_limit_and_onto_a_chunked_value_rewrites_it()
    {
        using var temp = new TempStore();
        using var session = temp.Store.NewSession();
        var first = Pattern(60_000, 1);
        var second = Pattern(60_000, 2);
        session.Done(session.Set(0, B("k"), first, StoreFlags.None, 0));
        Assert.Equal(120_000, session.Done(session.Append(0, B("k"), second)).Integer);
        Assert.Equal(first.Concat(second).ToArray(), GetBytes(session, 0, "k"));
        Assert.Equal(120_005, session.Done(session.Append(0, B("k"), B("tail!"))).Integer);
        Assert.Equal(B("tail!"), GetBytes(session, 0, "k")![^5..]);
    }

    [Fact]
    public void Copy_and_move_carry_large_values_and_their_expiry()
    {
        using var temp = new TempStore();
        using var session = temp.Store.NewSession();
        var value = Pattern(200_000);
        long expiresAt = temp.Store.NowMs + 60_000;
        session.Done(session.Set(0, B("src"), value, StoreFlags.None, expiresAt));
        Assert.True(session.Done(session.Copy(0, B("src"), 3, B("dst"), replace: false, deleteSource: false)).IsOk);
        Assert.Equal(value, GetBytes(session, 3, "dst"));
        Assert.Equal(expiresAt, session.Done(session.Inspect(3, B("dst"))).Integer);
        Assert.True(session.Done(session.Copy(0, B("src"), 0, B("renamed"), replace: true, deleteSource: true)).IsOk);
        Assert.Null(GetBytes(session, 0, "src"));
        Assert.Equal(value, GetBytes(session, 0, "renamed"));
    }

    [Fact]
    public async Task Large_values_survive_a_checkpoint_and_restart()
    {
        using var temp = new TempStore();
        var value = Pattern(700_000);
        using (var session = temp.Store.NewSession()) session.Done(session.Set(0, B("big"), value, StoreFlags.None, 0));
        Assert.True(await temp.Store.CheckpointAsync());
        temp.Reopen();
        using var reader = temp.Store.NewSession();
        Assert.Equal(value, GetBytes(reader, 0, "big"));
        Assert.Equal(1, temp.Store.KeyCount(0));
    }

    [Fact]
    public async Task Chunks_of_a_value_replaced_before_a_crash_are_deleted_after_the_restart()
    {
        using var temp = new TempStore(chunkGracePeriod: TimeSpan.FromHours(1));
        using (var session = temp.Store.NewSession())
        {
            session.Done(session.Set(0, B("replaced"), Pattern(500_000, 1), StoreFlags.None, 0));
            session.Done(session.Set(0, B("replaced"), Pattern(300_000, 2), StoreFlags.None, 0));
            session.Done(session.Set(0, B("kept"), Pattern(200_000, 3), StoreFlags.None, 0));
            session.Done(session.Copy(0, B("kept"), 3, B("copy"), replace: false, deleteSource: false));
        }
        Assert.Equal(1, temp.Store.ReleasedChunkedValues);
        Assert.True(await temp.Store.CheckpointAsync());

        // The janitor's queue is in memory, as in a crash within the grace period: recovery finds the unnamed chunks.
        temp.Reopen();
        Assert.Equal(1, temp.Store.ReleasedChunkedValues);
        using (var session = temp.Store.NewSession()) Assert.Equal(1, temp.Store.DeleteReleasedChunks(session));
        Assert.True(await temp.Store.CheckpointAsync());

        temp.Reopen();
        Assert.Equal(0, temp.Store.ReleasedChunkedValues);
        using var reader = temp.Store.NewSession();
        Assert.Equal(Pattern(300_000, 2), GetBytes(reader, 0, "replaced"));
        Assert.Equal(Pattern(200_000, 3), GetBytes(reader, 0, "kept"));
        Assert.Equal(Pattern(200_000, 3), GetBytes(reader, 3, "copy"));
        Assert.Equal(2, temp.Store.KeyCount(0));
        Assert.Equal(1, temp.Store.KeyCount(3));
    }

    [Fact]
    public void A_value_larger_than_memory_is_read_back_from_disk()
    {
        using var temp = new TempStore();
        using var session = temp.Store.NewSession();
        var value = Pattern(100 * 1024 * 1024);
        Assert.True(session.Done(session.Set(0, B("huge"), value, StoreFlags.None, 0)).IsOk);
        Assert.Equal(value, GetBytes(session, 0, "huge"));
    }
}
