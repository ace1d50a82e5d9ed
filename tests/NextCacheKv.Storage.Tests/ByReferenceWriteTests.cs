using System.Text;
using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// Values of 4 KB and more are written by reference: FASTER's input holds the address of the caller's
/// (pinned) bytes, and the record is built straight from them. These check the value lands whole, in
/// one part (SET) and two (NEXTSET's prefix then value), and that a write which waits for the disk
/// reads its bytes, still pinned, when it completes.
/// </summary>
public class ByReferenceWriteTests
{
    [Theory]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(50 * 1024)]
    public void A_large_value_round_trips_with_every_set_option(int length)
    {
        using var temp = new TempStore();
        using var session = temp.Store.NewSession();
        var first = Pattern(length, 1);
        var second = Pattern(length + 7, 2);

        Assert.True(session.Done(session.Set(0, B("k"), first, StoreFlags.IfMissing, 0)).IsOk);
        Assert.Equal(OpStatus.NotPerformed, session.Done(session.Set(0, B("k"), second, StoreFlags.IfMissing, 0)).Status);
        Assert.Equal(first, GetBytes(session, 0, "k"));

        var old = new CapturingSink();
        Assert.True(session.Done(session.Set(0, B("k"), second, StoreFlags.IfExists | StoreFlags.ReturnOld, 0, old)).IsOk);
        Assert.Equal(first, old.Captured);
        Assert.Equal(second, GetBytes(session, 0, "k"));
        Assert.Equal(second.Length, session.Done(session.StrLen(0, B("k"))).Integer);

        long expiresAt = temp.Store.NowMs + 60_000;
        Assert.True(session.Done(session.Set(0, B("k"), first, StoreFlags.None, expiresAt)).IsOk);
        Assert.Equal(expiresAt, session.Done(session.Inspect(0, B("k"))).Integer);
        Assert.True(session.Done(session.Set(0, B("k"), second, StoreFlags.KeepTtl, 0)).IsOk);
        Assert.Equal(expiresAt, session.Done(session.Inspect(0, B("k"))).Integer);
        Assert.Equal(second, GetBytes(session, 0, "k"));
    }

    [Fact]
    public void A_large_value_given_as_a_slice_stores_only_the_slice()
    {
        using var temp = new TempStore();
        using var session = temp.Store.NewSession();
        var buffer = Pattern(20_000, 3);
        var slice = new ReadOnlyMemory<byte>(buffer, 1234, 9000);
        Assert.True(session.Done(session.Set(0, B("k"), slice, StoreFlags.None, 0)).IsOk);
        Assert.Equal(slice.ToArray(), GetBytes(session, 0, "k"));
    }

    [Fact]
    public void A_large_next_entry_keeps_its_header_and_value()
    {
        using var temp = new TempStore();
        using var session = temp.Store.NewSession();
        var value = Pattern(60_000, 4);
        var meta = B("{\"status\":200}");
        double timestamp = temp.Store.NowMs;
        Assert.True(session.Done(session.NextSet(0, B("page"), value, timestamp, meta, [B("a"), B("b")], StoreFlags.None, 0)).IsOk);

        var sink = new EntryCapture();
        Assert.True(session.Done(session.NextGet(0, B("page"), default, sink)).IsOk);
        Assert.Equal(value, sink.Value.ToArray());
        Assert.Equal("{\"status\":200}", Encoding.UTF8.GetString(sink.Meta));
        Assert.Equal(timestamp, sink.Timestamp);
        Assert.Equal(2, TagList.Count(sink.Tags));
    }

    [Fact]
    public void A_write_that_waits_for_the_disk_still_reads_the_pinned_value()
    {
        // 1 MB of log memory: the first key's record is on disk once 4 MB more were written after it,
        // so a SET that returns the old value must read it from disk first and goes pending.
        using var temp = new TempStore(memoryBytes: 1L << 20, pageBytes: 128 * 1024);
        using var session = temp.Store.NewSession();
        var original = Pattern(8000, 5);
        session.Done(session.Set(0, B("cold"), original, StoreFlags.None, 0));
        var filler = new byte[400];
        for (int i = 0; i < 10_000; i++) session.Done(session.Set(0, B("f" + i), filler, StoreFlags.None, 0));

        var replacement = Pattern(30_000, 6);
        var old = new CapturingSink();
        var result = session.Set(0, B("cold"), replacement, StoreFlags.ReturnOld, 0, old);
        Assert.True(result.IsPending, "the old value was expected on disk");
        // While the disk read runs, a compacting GC must not move the bytes FASTER points at; the record is
        // built from them only when the write completes, so a change made now is what gets stored.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        replacement[0] ^= 0xFF;
        replacement[^1] ^= 0xFF;
        Assert.True(session.Done(result).IsOk);

        Assert.Equal(original, old.Captured);
        Assert.Equal(replacement, GetBytes(session, 0, "cold"));
    }

    private sealed class EntryCapture : IEntrySink
    {
        public double Timestamp { get; private set; }
        public byte[] Meta { get; private set; } = [];
        public byte[] Tags { get; private set; } = [];
        public MemoryStream Value { get; } = new();

        public void WriteEntryHeader(double timestamp, long staleAt, ReadOnlySpan<byte> meta, ReadOnlySpan<byte> encodedTags)
        {
            Timestamp = timestamp;
            Meta = meta.ToArray();
            Tags = encodedTags.ToArray();
        }

        public void Write(ReadOnlySpan<byte> value) => Value.Write(value);
        public void Begin(long length) { }
        public void Append(ReadOnlySpan<byte> part) => Value.Write(part);
        public void End() { }
    }
}
