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
}
