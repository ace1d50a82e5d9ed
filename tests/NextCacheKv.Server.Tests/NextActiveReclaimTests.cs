using System.Diagnostics;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Entries a tag expired but nobody reads again must not leak: the active-expiry sweep (about once a
/// second) checks their tags and deletes them, leaving every other key alone.
/// </summary>
public sealed class NextActiveReclaimTests : ServerClientTest
{
    private static readonly TimeSpan ReclaimDeadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Unread_entries_of_an_expired_tag_disappear_from_dbsize()
    {
        for (int i = 0; i < 100; i++)
        {
            // Timestamp 1000: written long before the revalidation below, on any clock.
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", $"doomed:{i}", "v", "TS", "1000", "TAGS", "1", "posts"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", $"kept:{i}", "v", "TS", "1000", "TAGS", "1", "users"));
        }
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "plain", "x"));
        Assert.Equal(":201\\r\\n", await client.CommandTextAsync("DBSIZE"));

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "posts"));

        long size = await WaitForDbSizeAsync(101);
        Assert.True(size == 101, $"DBSIZE was still {size} after {ReclaimDeadline.TotalSeconds} s; expected the 100 invalidated entries gone. Server log:\n{string.Join('\n', server.Log)}");
        Assert.Equal("*5\\r\\n$4\\r\\n1000\\r\\n:0\\r\\n$0\\r\\n\\r\\n*1\\r\\n$5\\r\\nusers\\r\\n$1\\r\\nv\\r\\n", await client.CommandTextAsync("NEXTGET", "kept:42"));
        Assert.Equal("$1\\r\\nx\\r\\n", await client.CommandTextAsync("GET", "plain"));
    }

    [Fact]
    public async Task A_tag_that_is_only_stale_reclaims_nothing()
    {
        for (int i = 0; i < 20; i++)
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", $"stale:{i}", "v", "TS", "1000", "TAGS", "1", "posts"));

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "posts", "STALE"));
        // Give the sweep a few full passes to do the wrong thing.
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(":20\\r\\n", await client.CommandTextAsync("DBSIZE"));
    }

    /// <summary>Polls DBSIZE until it equals <paramref name="expected"/> or the deadline passes; returns the last value.</summary>
    private async Task<long> WaitForDbSizeAsync(long expected)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            long size = Assert.IsType<long>(RespDecoder.Decode(await client.CommandAsync("DBSIZE")));
            if (size == expected || elapsed.Elapsed > ReclaimDeadline)
                return size;
            await Task.Delay(100);
        }
    }
}
