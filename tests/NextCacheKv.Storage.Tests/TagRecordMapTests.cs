using System.Text;
using NextCacheKv.Storage;

namespace NextCacheKv.Storage.Tests;

/// <summary>The lock-free-read tag map behind <see cref="TagTable"/>: growth, replacement, removal, and readers racing writers.</summary>
public class TagRecordMapTests
{
    private static byte[] Tag(int i) => Encoding.ASCII.GetBytes($"_N_T_/blog/post-{i}");

    [Fact]
    public void Finds_every_record_across_growth_and_replaces_in_place()
    {
        var map = new TagRecordMap();
        for (int i = 0; i < 5000; i++) map.Set(Tag(i), new TagTimes(i, 0));
        for (int i = 0; i < 5000; i += 2) map.Set(Tag(i), new TagTimes(i, i + 1));

        Assert.Equal(5000, map.Count);
        for (int i = 0; i < 5000; i++)
        {
            Assert.True(map.TryGet(Tag(i), out var times));
            Assert.Equal(new TagTimes(i, i % 2 == 0 ? i + 1 : 0), times);
        }
        Assert.False(map.TryGet(Tag(5000), out _));
        Assert.Equal(5000, map.Records.Count());
    }

    [Fact]
    public void Update_sees_the_current_times_and_remove_where_drops_only_what_it_selects()
    {
        var map = new TagRecordMap();
        map.Update(Tag(1), 7L, static (current, now) => current with { StaleAt = now });
        var updated = map.Update(Tag(1), 9L, static (current, now) => current with { ExpiredAt = now });
        for (int i = 2; i < 100; i++) map.Set(Tag(i), new TagTimes(i, 0));

        Assert.Equal(new TagTimes(7, 9), updated);
        Assert.Equal(49, map.RemoveWhere(times => times.StaleAt >= 51));
        Assert.Equal(50, map.Count);
        Assert.True(map.TryGet(Tag(1), out var kept));
        Assert.Equal(new TagTimes(7, 9), kept);
        Assert.True(map.TryGet(Tag(50), out _));
        Assert.False(map.TryGet(Tag(51), out _));
    }

    [Fact]
    public async Task Readers_racing_writers_always_find_a_present_tag_with_times_it_was_given()
    {
        var map = new TagRecordMap();
        for (int i = 0; i < 64; i++) map.Set(Tag(i), new TagTimes(1, 1));
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            // Grows the map and rewrites the watched tags with matching pairs, so a torn read would show.
            for (long round = 2; !stop.IsCancellationRequested; round++)
            {
                for (int i = 0; i < 64; i++) map.Set(Tag(i), new TagTimes(round, round));
                map.Set(Tag((int)(1000 + round % 20_000)), new TagTimes(round, 0));
            }
        });
        var deadline = DateTime.UtcNow.AddMilliseconds(500);
        long reads = 0;
        while (DateTime.UtcNow < deadline)
        {
            for (int i = 0; i < 64; i++, reads++)
            {
                Assert.True(map.TryGet(Tag(i), out var times));
                Assert.Equal(times.StaleAt, times.ExpiredAt);
            }
        }
        stop.Cancel();
        await writer;
        Assert.True(reads > 0);
    }

    [Fact]
    public void Latest_is_the_largest_time_ever_given_and_survives_removal()
    {
        var map = new TagRecordMap();
        Assert.Equal(0, map.Latest);
        map.Set("a"u8, new TagTimes(StaleAt: 500, ExpiredAt: 0));
        map.Set("b"u8, new TagTimes(StaleAt: 0, ExpiredAt: 900));
        map.Set("a"u8, new TagTimes(StaleAt: 700, ExpiredAt: 0));
        Assert.Equal(900, map.Latest);

        // Dropping the record that set it keeps it: an entry between 700 and 900 is then judged, never skipped wrongly.
        map.RemoveWhere(times => times.ExpiredAt == 900);
        Assert.Equal(900, map.Latest);
    }

    [Theory]
    [InlineData(899.0, true)]
    [InlineData(900.0, false)]
    [InlineData(950.5, false)]
    public void An_entry_at_or_after_every_tags_latest_time_is_live(double timestamp, bool expired)
    {
        var tags = new TagTable();
        tags.Set(7, "t"u8.ToArray(), new TagTimes(StaleAt: 0, ExpiredAt: 900));
        var encoded = new byte[TagList.SizeOf([(ReadOnlyMemory<byte>)"t"u8.ToArray()])];
        TagList.Write(encoded, [(ReadOnlyMemory<byte>)"t"u8.ToArray()]);
        Assert.Equal(expired, tags.IsExpired(7, timestamp, encoded, default, now: 1000, out _));
    }
}
