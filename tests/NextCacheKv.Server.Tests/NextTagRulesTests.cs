using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Next.js's tag rules on a manual clock: areTagsExpired (ts &lt; expiredAt ≤ now → miss) and
/// areTagsStale (staleAt &gt; ts → staleAt reported), for the three NEXTTAG forms, soft tags and AT.
/// </summary>
public sealed class NextTagRulesTests : ServerClientTest
{
    private const long Start = 1_893_456_000_000; // 2030-01-01 in ms
    private readonly ManualClock clock = new(DateTimeOffset.FromUnixTimeMilliseconds(Start));

    protected override TimeProvider Clock => clock;

    [Fact]
    public async Task Without_durations_the_tag_expires_entries_written_before_it()
    {
        await SetAsync("old", Start - 1000, "t");
        Assert.Equal(Fresh(Start - 1000, "t"), await client.CommandTextAsync("NEXTGET", "old"));

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t"));

        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "old"));
    }

    [Fact]
    public async Task An_old_tag_never_invalidates_a_newer_entry()
    {
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t"));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await SetAsync("new", Start + 1, "t");
        clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(Fresh(Start + 1, "t"), await client.CommandTextAsync("NEXTGET", "new"));
    }

    [Fact]
    public async Task An_entry_written_in_the_same_millisecond_as_the_tag_stays()
    {
        // Next compares expired > ts strictly, so ts == expiredAt is not expired.
        await SetAsync("same", Start, "t");
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t"));
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(Fresh(Start, "t"), await client.CommandTextAsync("NEXTGET", "same"));
    }

    [Fact]
    public async Task Expire_makes_older_entries_stale_now_and_expired_after_the_duration()
    {
        await SetAsync("e", Start - 1000, "t");

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t", "EXPIRE", "100"));
        Assert.Equal(Entry(Start - 1000, Start, "t"), await client.CommandTextAsync("NEXTGET", "e"));

        clock.Advance(TimeSpan.FromMilliseconds(99_999));
        Assert.Equal(Entry(Start - 1000, Start, "t"), await client.CommandTextAsync("NEXTGET", "e"));

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "e"));
    }

    [Fact]
    public async Task Stale_marks_older_entries_stale_and_never_expires_them()
    {
        await SetAsync("s", Start - 1000, "t");

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t", "STALE"));
        clock.Advance(TimeSpan.FromDays(300));

        Assert.Equal(Entry(Start - 1000, Start, "t"), await client.CommandTextAsync("NEXTGET", "s"));
    }

    [Fact]
    public async Task Stale_after_expire_keeps_the_pending_expiry()
    {
        // {expire: undefined} changes staleAt only, as Next's updateTags does.
        await SetAsync("e", Start - 1000, "t");
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t", "EXPIRE", "10"));
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t", "STALE"));

        Assert.Equal(Entry(Start - 1000, Start + 5000, "t"), await client.CommandTextAsync("NEXTGET", "e"));
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "e"));
    }

    [Fact]
    public async Task StaleAt_is_the_latest_over_the_tags_and_ignores_marks_older_than_the_entry()
    {
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "before", "STALE"));
        clock.Advance(TimeSpan.FromSeconds(1));
        await SetAsync("e", Start + 1000, "before", "a", "b");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "a", "STALE"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "b", "STALE"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "a", "STALE", "AT", (Start + 2500).ToString()));

        Assert.Equal(Entry(Start + 1000, Start + 3000, "before", "a", "b"), await client.CommandTextAsync("NEXTGET", "e"));
    }

    [Fact]
    public async Task Nexttag_counts_every_tag_it_writes()
    {
        Assert.Equal(":3\\r\\n", await client.CommandTextAsync("NEXTTAG", "3", "a", "b", "c"));
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("NEXTTAG", "0"));
    }

    [Fact]
    public async Task A_soft_tag_expires_the_entry_only_for_reads_that_pass_it()
    {
        await SetAsync("fetch", Start - 1000, "posts");
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "_N_T_/blog"));

        Assert.Equal(Fresh(Start - 1000, "posts"), await client.CommandTextAsync("NEXTGET", "fetch"));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "fetch", "SOFTTAGS", "1", "_N_T_/blog"));
        // The entry's own tags are fine: a read from another page (other soft tags) still gets it.
        Assert.Equal(Fresh(Start - 1000, "posts"), await client.CommandTextAsync("NEXTGET", "fetch", "SOFTTAGS", "1", "_N_T_/shop"));
        Assert.Equal(Fresh(Start - 1000, "posts"), await client.CommandTextAsync("NEXTGET", "fetch"));
    }

    [Fact]
    public async Task A_stale_soft_tag_reports_its_staleAt()
    {
        await SetAsync("fetch", Start - 1000, "posts");
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "_N_T_/blog", "STALE"));

        Assert.Equal(Entry(Start - 1000, Start, "posts"), await client.CommandTextAsync("NEXTGET", "fetch", "SOFTTAGS", "1", "_N_T_/blog"));
        Assert.Equal(Fresh(Start - 1000, "posts"), await client.CommandTextAsync("NEXTGET", "fetch"));
    }

    [Fact]
    public async Task At_replaces_the_server_clock()
    {
        await SetAsync("e", 5000, "t");

        // A tag from before the entry's own time leaves it alone...
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t", "AT", "4000"));
        Assert.Equal(Fresh(5000, "t"), await client.CommandTextAsync("NEXTGET", "e"));

        // ...one from after it expires it, though both are long before the server clock.
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t", "AT", "6000"));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "e"));
    }

    [Fact]
    public async Task At_also_stamps_both_times_of_expire()
    {
        await SetAsync("older", 5000, "t");
        await SetAsync("newer", 8000, "t");

        // staleAt = 7000; expiredAt = 7000 + 2e9 s, still ahead of the 2030 server clock.
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t", "EXPIRE", "2000000000", "AT", "7000"));

        Assert.Equal(Entry(5000, 7000, "t"), await client.CommandTextAsync("NEXTGET", "older"));
        Assert.Equal(Fresh(8000, "t"), await client.CommandTextAsync("NEXTGET", "newer"));

        // expiredAt = 7000 + 1 s = 8000: an entry from 7999 expires, one from 8000 does not.
        await SetAsync("just-before", 7999, "u");
        await SetAsync("at-expiry", 8000, "u");
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "u", "EXPIRE", "1", "AT", "7000"));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "just-before"));
        Assert.Equal(Fresh(8000, "u"), await client.CommandTextAsync("NEXTGET", "at-expiry"));
    }

    [Fact]
    public async Task An_expiry_in_the_future_does_not_expire_yet()
    {
        await SetAsync("e", Start - 1000, "t");

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t", "AT", (Start + 60_000).ToString()));
        Assert.Equal(Fresh(Start - 1000, "t"), await client.CommandTextAsync("NEXTGET", "e"));

        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "e"));
    }

    [Fact]
    public async Task The_default_timestamp_is_the_server_clock()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "k", "v", "TAGS", "1", "t"));

        Assert.Equal(Fresh(Start, "t"), await client.CommandTextAsync("NEXTGET", "k"));
    }

    [Fact]
    public async Task Tags_belong_to_one_database()
    {
        await SetAsync("in0", Start - 1000, "t");
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SELECT", "1"));
        await SetAsync("in1", Start - 1000, "t");

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t"));

        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "in1"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SELECT", "0"));
        Assert.Equal(Fresh(Start - 1000, "t"), await client.CommandTextAsync("NEXTGET", "in0"));
    }

    [Fact]
    public async Task Flushdb_drops_the_tags_of_its_database_only()
    {
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SELECT", "1"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SELECT", "0"));

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("FLUSHDB"));

        // Entries dated before the tag: only a dropped tag lets them through.
        await SetAsync("in0", Start - 1000, "t");
        Assert.Equal(Fresh(Start - 1000, "t"), await client.CommandTextAsync("NEXTGET", "in0"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SELECT", "1"));
        await SetAsync("in1", Start - 1000, "t");
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "in1"));
    }

    [Fact]
    public async Task Swapdb_swaps_the_tags_with_the_data()
    {
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t"));

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SWAPDB", "0", "1"));

        await SetAsync("in0", Start - 1000, "t");
        Assert.Equal(Fresh(Start - 1000, "t"), await client.CommandTextAsync("NEXTGET", "in0"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SELECT", "1"));
        await SetAsync("in1", Start - 1000, "t");
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "in1"));
    }

    private async Task SetAsync(string key, long timestamp, params string[] tags)
    {
        string[] args = ["NEXTSET", key, "v", "TS", timestamp.ToString(), "TAGS", tags.Length.ToString(), .. tags];
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync(args));
    }

    private static string Fresh(long timestamp, params string[] tags) => Entry(timestamp, 0, tags);

    /// <summary>The escaped NEXTGET reply for an entry with value "v" and no meta.</summary>
    private static string Entry(long timestamp, long staleAt, params string[] tags)
    {
        string ts = timestamp.ToString();
        string reply = $"*5\r\n${ts.Length}\r\n{ts}\r\n:{staleAt}\r\n$0\r\n\r\n*{tags.Length}\r\n"
            + string.Concat(tags.Select(tag => $"${tag.Length}\r\n{tag}\r\n"))
            + "$1\r\nv\r\n";
        return RespText.Escape(RespText.Bytes(reply));
    }
}
