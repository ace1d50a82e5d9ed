using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// The in-memory tag manifest: the three revalidation forms of Next's updateTags, the
/// areTagsExpired / areTagsStale checks against an entry's own timestamp, and pruning.
/// </summary>
public class TagTableTests
{
    private const long Now = 1_000_000;
    private const long Day = 24 * 60 * 60 * 1000;
    private const uint Keyspace = 0;

    [Fact]
    public void Expire_now_sets_only_expiredAt()
    {
        var table = new TagTable();
        table.Revalidate(Keyspace, B("t"), TagRevalidation.StaleOnly, 500, 0);

        var times = table.Revalidate(Keyspace, B("t"), TagRevalidation.ExpireNow, Now, 0);

        Assert.Equal(new TagTimes(500, Now), times);
        Assert.Equal(times, table.Get(Keyspace, B("t")));
    }

    [Fact]
    public void Stale_then_expire_sets_staleAt_now_and_expiredAt_after_the_duration()
    {
        var table = new TagTable();
        table.Revalidate(Keyspace, B("t"), TagRevalidation.ExpireNow, 500, 0);

        var times = table.Revalidate(Keyspace, B("t"), TagRevalidation.StaleThenExpire, Now, 60);

        Assert.Equal(new TagTimes(Now, Now + 60_000), times);
    }

    [Fact]
    public void Stale_only_sets_staleAt_and_keeps_expiredAt()
    {
        var table = new TagTable();
        table.Revalidate(Keyspace, B("t"), TagRevalidation.StaleThenExpire, 500, 10);

        var times = table.Revalidate(Keyspace, B("t"), TagRevalidation.StaleOnly, Now, 0);

        Assert.Equal(new TagTimes(Now, 10_500), times);
    }

    [Fact]
    public void An_unknown_tag_is_fresh()
    {
        var table = new TagTable();
        table.Revalidate(Keyspace, B("other"), TagRevalidation.ExpireNow, Now, 0);

        Assert.Equal(default, table.Get(Keyspace, B("t")));
        Assert.False(table.IsExpired(Keyspace, 1, Tags("t"), default, Now, out long staleAt));
        Assert.Equal(0, staleAt);
    }

    [Theory]
    [InlineData(Now - 1, true)]   // written before the revalidation
    [InlineData(Now, false)]      // same millisecond: Next compares strictly
    [InlineData(Now + 1, false)]  // written after: an old tag never invalidates a newer entry
    public void Expired_means_ts_before_expiredAt(double timestamp, bool expired)
    {
        var table = new TagTable();
        table.Revalidate(Keyspace, B("t"), TagRevalidation.ExpireNow, Now, 0);

        Assert.Equal(expired, table.IsExpired(Keyspace, timestamp, Tags("t"), default, Now + 10, out _));
    }

    [Fact]
    public void A_fractional_timestamp_just_below_expiredAt_is_expired()
    {
        var table = new TagTable();
        table.Revalidate(Keyspace, B("t"), TagRevalidation.ExpireNow, Now, 0);

        Assert.True(table.IsExpired(Keyspace, Now - 0.5, Tags("t"), default, Now, out _));
    }

    [Fact]
    public void ExpiredAt_in_the_future_is_stale_not_expired()
    {
        var table = new TagTable();
        table.Revalidate(Keyspace, B("t"), TagRevalidation.StaleThenExpire, Now, 100);

        Assert.False(table.IsExpired(Keyspace, Now - 1, Tags("t"), default, Now + 99_999, out long staleAt));
        Assert.Equal(Now, staleAt);
        Assert.True(table.IsExpired(Keyspace, Now - 1, Tags("t"), default, Now + 100_000, out _));
    }

    [Fact]
    public void Stale_is_reported_only_for_entries_older_than_staleAt()
    {
        var table = new TagTable();
        table.Revalidate(Keyspace, B("t"), TagRevalidation.StaleOnly, Now, 0);

        Assert.False(table.IsExpired(Keyspace, Now - 1, Tags("t"), default, Now + Day, out long older));
        Assert.False(table.IsExpired(Keyspace, Now, Tags("t"), default, Now + Day, out long same));

        Assert.Equal(Now, older);
        Assert.Equal(0, same);
    }

    [Fact]
    public void StaleAt_is_the_latest_over_entry_and_soft_tags()
    {
        var table = new TagTable();
        table.Revalidate(Keyspace, B("a"), TagRevalidation.StaleOnly, Now + 10, 0);
        table.Revalidate(Keyspace, B("b"), TagRevalidation.StaleOnly, Now + 30, 0);
        table.Revalidate(Keyspace, B("soft"), TagRevalidation.StaleOnly, Now + 20, 0);

        Assert.False(table.IsExpired(Keyspace, Now, Tags("a", "b"), Tags("soft"), Now + Day, out long staleAt));
        Assert.Equal(Now + 30, staleAt);

        Assert.False(table.IsExpired(Keyspace, Now, Tags("a"), Tags("soft"), Now + Day, out staleAt));
        Assert.Equal(Now + 20, staleAt);
    }

    [Fact]
    public void A_soft_tag_can_expire_an_entry()
    {
        var table = new TagTable();
        table.Revalidate(Keyspace, B("_N_T_/blog"), TagRevalidation.ExpireNow, Now, 0);

        Assert.False(table.IsExpired(Keyspace, Now - 1, Tags("posts"), default, Now, out _));
        Assert.True(table.IsExpired(Keyspace, Now - 1, Tags("posts"), Tags("_N_T_/blog"), Now, out _));
    }

    [Fact]
    public void Tags_of_one_keyspace_do_not_touch_another()
    {
        var table = new TagTable();
        table.Revalidate(1, B("t"), TagRevalidation.ExpireNow, Now, 0);

        Assert.True(table.IsExpired(1, Now - 1, Tags("t"), default, Now, out _));
        Assert.False(table.IsExpired(2, Now - 1, Tags("t"), default, Now, out _));
    }

    [Fact]
    public void Prune_drops_records_whose_last_change_is_older_than_the_lifetime()
    {
        var table = new TagTable();
        long lifetime = 366 * Day;
        table.Revalidate(Keyspace, B("old"), TagRevalidation.ExpireNow, Now, 0);
        table.Revalidate(Keyspace, B("recent"), TagRevalidation.ExpireNow, Now + Day, 0);
        // Stale long ago but expiring later: the later time is its last change.
        table.Revalidate(Keyspace, B("pending"), TagRevalidation.StaleThenExpire, Now, 2 * 24 * 60 * 60);

        int dropped = table.Prune(Now + lifetime + 1, lifetime, _ => true);

        Assert.Equal(1, dropped);
        Assert.Equal(default, table.Get(Keyspace, B("old")));
        Assert.Equal(new TagTimes(0, Now + Day), table.Get(Keyspace, B("recent")));
        Assert.Equal(new TagTimes(Now, Now + 2 * Day), table.Get(Keyspace, B("pending")));
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void Prune_keeps_a_record_exactly_at_the_lifetime()
    {
        var table = new TagTable();
        table.Revalidate(Keyspace, B("t"), TagRevalidation.ExpireNow, Now, 0);

        Assert.Equal(0, table.Prune(Now + 1000, 1000, _ => true));
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void Prune_drops_every_record_of_a_dead_keyspace()
    {
        var table = new TagTable();
        table.Revalidate(1, B("a"), TagRevalidation.ExpireNow, Now, 0);
        table.Revalidate(1, B("b"), TagRevalidation.StaleOnly, Now, 0);
        table.Revalidate(2, B("a"), TagRevalidation.ExpireNow, Now, 0);

        int dropped = table.Prune(Now, 366 * Day, keyspace => keyspace != 1);

        Assert.Equal(2, dropped);
        Assert.Equal(default, table.Get(1, B("a")));
        Assert.Equal(new TagTimes(0, Now), table.Get(2, B("a")));
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void Pruning_never_brings_back_an_entry_its_tag_expired()
    {
        // README: a tag record is dropped once no entry it could still affect exists, because no
        // entry outlives MaxEntryLifetime. PERSIST (or a long EXPIRE) on an entry must not break that.
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(start);
        using var temp = new TempStore(clock);
        using var session = temp.Store.NewSession();
        double timestamp = start.ToUnixTimeMilliseconds() - 1000;
        Assert.True(session.Done(session.NextSet(0, B("page"), B("v"), timestamp, default, [B("t")], StoreFlags.None, 0)).IsOk);
        // PERSIST cannot lift an entry's TTL (capped at the lifetime by NEXTSET): README.
        Assert.Equal(OpStatus.NotPerformed, session.Done(session.Persist(0, B("page"))).Status);
        Assert.NotEqual(0, session.Done(session.Inspect(0, B("page"))).Integer);
        temp.Store.RevalidateTags(0, [B("t")], TagRevalidation.ExpireNow, 0);

        clock.Advance(TimeSpan.FromDays(400));
        temp.Store.PruneTags();

        Assert.False(IsServed(session, "page"));
    }

    private static bool IsServed(StoreSession session, string key) =>
        session.Done(session.NextGet(0, B(key), Tags(), new DiscardingEntrySink())).IsOk;

    private static byte[] Tags(params string[] tags)
    {
        var list = tags.Select(tag => (ReadOnlyMemory<byte>)B(tag)).ToList();
        var encoded = new byte[TagList.SizeOf(list)];
        TagList.Write(encoded, list);
        return encoded;
    }

    /// <summary>NEXTGET needs somewhere to write a hit; these tests only look at hit or miss.</summary>
    private sealed class DiscardingEntrySink : IEntrySink
    {
        public void WriteEntryHeader(double timestamp, long staleAt, ReadOnlySpan<byte> meta, ReadOnlySpan<byte> encodedTags) { }
        public void Write(ReadOnlySpan<byte> value) { }
        public void Begin(long length) { }
        public void Append(ReadOnlySpan<byte> part) { }
        public void End() { }
    }
}
