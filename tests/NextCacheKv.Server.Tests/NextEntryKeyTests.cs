using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Next.js entries are ordinary keys of their own type: the generic key commands work on them, string
/// commands refuse them, and an entry its tags expired is gone for readers and reclaimed when read.
/// </summary>
public sealed class NextEntryKeyTests : IAsyncLifetime
{
    private const long Start = 1_893_456_000_000; // 2030-01-01 in ms
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\\r\\n";
    private static readonly TimeSpan LargeReplyTimeout = TimeSpan.FromSeconds(60);
    private readonly ManualClock clock = new(DateTimeOffset.FromUnixTimeMilliseconds(Start));
    private TestServer server = null!;
    private RawRespClient client = null!;

    public async Task InitializeAsync()
    {
        // No active expiry: a key that disappears was removed by the command under test.
        server = await TestServer.StartAsync(options => options.ActiveExpiryIntervalMs = 3_600_000, clock);
        client = await server.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        if (client is not null)
            await client.DisposeAsync();
        if (server is not null)
            await server.DisposeAsync();
    }

    [Fact]
    public async Task Type_is_nextentry_and_string_commands_refuse_it()
    {
        await SetAsync("entry");
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "plain", "x"));

        Assert.Equal("+nextentry\\r\\n", await client.CommandTextAsync("TYPE", "entry"));
        Assert.Equal("+string\\r\\n", await client.CommandTextAsync("TYPE", "plain"));
        Assert.Equal(WrongType, await client.CommandTextAsync("GET", "entry"));
        Assert.Equal(WrongType, await client.CommandTextAsync("NEXTGET", "plain"));
    }

    [Fact]
    public async Task Del_and_exists_see_entries()
    {
        await SetAsync("entry");

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("EXISTS", "entry"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("DEL", "entry"));
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("EXISTS", "entry"));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "entry"));
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("DBSIZE"));
    }

    [Fact]
    public async Task Ttl_expire_and_persist_work_on_entries()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "entry", "v", "TS", "1000", "EX", "100"));
        Assert.Equal(":100\\r\\n", await client.CommandTextAsync("TTL", "entry"));

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("EXPIRE", "entry", "50"));
        Assert.Equal(":50\\r\\n", await client.CommandTextAsync("TTL", "entry"));
        // An entry's TTL only shrinks (README): its end bounds how long tag records must be kept.
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("PERSIST", "entry"));
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("EXPIRE", "entry", "500"));
        Assert.Equal(":50\\r\\n", await client.CommandTextAsync("TTL", "entry"));

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("PEXPIRE", "entry", "10"));
        clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "entry"));
        Assert.Equal(":-2\\r\\n", await client.CommandTextAsync("TTL", "entry"));
    }

    [Fact]
    public async Task An_entry_without_expiry_lives_at_most_the_longest_entry_lifetime()
    {
        // Tag records are kept 366 days, so no entry may outlive that.
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "forever", "v", "TS", "1000"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "too-long", "v", "TS", "1000", "EX", "100000000"));

        Assert.Equal(":31622400\\r\\n", await client.CommandTextAsync("TTL", "forever"));
        Assert.Equal(":31622400\\r\\n", await client.CommandTextAsync("TTL", "too-long"));
    }

    [Fact]
    public async Task Rename_moves_the_whole_entry()
    {
        await SetAsync("from", "t");

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("RENAME", "from", "to"));

        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "from"));
        Assert.Equal(EntryReply("t"), await client.CommandTextAsync("NEXTGET", "to"));
        Assert.Equal("+nextentry\\r\\n", await client.CommandTextAsync("TYPE", "to"));
        // Its tags go with it.
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t"));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "to"));
    }

    [Fact]
    public async Task Copy_duplicates_the_entry()
    {
        await SetAsync("source", "t");

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("COPY", "source", "copy"));

        Assert.Equal(EntryReply("t"), await client.CommandTextAsync("NEXTGET", "source"));
        Assert.Equal(EntryReply("t"), await client.CommandTextAsync("NEXTGET", "copy"));
        Assert.Equal(":2\\r\\n", await client.CommandTextAsync("DBSIZE"));
    }

    [Fact]
    public async Task Copy_of_a_five_megabyte_entry_copies_its_chunks()
    {
        var value = new byte[5 * 1024 * 1024];
        new Random(7).NextBytes(value);
        await client.SendAsync(RespCommand.Encode(Bytes("NEXTSET"), Bytes("big"), value, Bytes("TS"), Bytes("1000"), Bytes("META"), Bytes("m"), Bytes("TAGS"), Bytes("1"), Bytes("t")));
        Assert.Equal("+OK\\r\\n", RespText.Escape(await client.ReadReplyAsync(LargeReplyTimeout)));

        await client.SendAsync(RespCommand.Encode("COPY", "big", "big-copy"));
        Assert.Equal(":1\\r\\n", RespText.Escape(await client.ReadReplyAsync(LargeReplyTimeout)));
        // Replacing the source must not touch the copy's chunks.
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "big", "small", "TS", "2000"));

        await client.SendAsync(RespCommand.Encode("NEXTGET", "big-copy"));
        var reply = await client.ReadReplyAsync(LargeReplyTimeout);
        var header = Bytes($"*5\r\n$4\r\n1000\r\n:0\r\n$1\r\nm\r\n*1\r\n$1\r\nt\r\n${value.Length}\r\n");
        Assert.Equal(header.Length + value.Length + 2, reply.Length);
        Assert.Equal(RespText.Escape(header), RespText.Escape(reply.AsSpan(0, header.Length)));
        Assert.True(value.AsSpan().SequenceEqual(reply.AsSpan(header.Length, value.Length)), "the copied 5 MB value came back changed");
    }

    [Fact]
    public async Task Scan_type_nextentry_lists_only_entries_and_dbsize_counts_them()
    {
        await SetAsync("entry:1");
        await SetAsync("entry:2");
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "plain", "x"));

        Assert.Equal(":3\\r\\n", await client.CommandTextAsync("DBSIZE"));
        Assert.Equal(["entry:1", "entry:2"], await ScanAllAsync("TYPE", "nextentry"));
        Assert.Equal(["plain"], await ScanAllAsync("TYPE", "string"));
        Assert.Equal(["entry:1", "entry:2", "plain"], await ScanAllAsync());
    }

    [Fact]
    public async Task An_entry_its_tag_expired_is_absent_and_removed_once_read()
    {
        await SetAsync("dead", "t");
        await SetAsync("alive", "other");
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t"));
        // Nothing has read it yet, and active expiry is off: it still takes a place.
        Assert.Equal(":2\\r\\n", await client.CommandTextAsync("DBSIZE"));

        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("EXISTS", "dead"));

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("DBSIZE"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("EXISTS", "alive"));
    }

    [Fact]
    public async Task Readers_see_an_entry_its_tag_expired_as_missing()
    {
        await SetAsync("dead", "t");
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t"));

        Assert.Equal("+none\\r\\n", await client.CommandTextAsync("TYPE", "dead"));
        Assert.Equal(":-2\\r\\n", await client.CommandTextAsync("TTL", "dead"));
        Assert.Empty(await ScanAllAsync());
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("DBSIZE"));
    }

    /// <summary>An entry with value "v", timestamp 1000 (long before the clock) and the given tags.</summary>
    private async Task SetAsync(string key, params string[] tags)
    {
        string[] args = ["NEXTSET", key, "v", "TS", "1000", "TAGS", tags.Length.ToString(), .. tags];
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync(args));
    }

    private static string EntryReply(string tag) =>
        $"*5\\r\\n$4\\r\\n1000\\r\\n:0\\r\\n$0\\r\\n\\r\\n*1\\r\\n${tag.Length}\\r\\n{tag}\\r\\n$1\\r\\nv\\r\\n";

    /// <summary>Every key a full SCAN returns with the given options, sorted.</summary>
    private async Task<List<string>> ScanAllAsync(params string[] options)
    {
        var keys = new List<string>();
        string cursor = "0";
        for (int round = 0; round < 1000; round++)
        {
            var reply = Assert.IsType<List<object?>>(RespDecoder.Decode(await client.CommandAsync(["SCAN", cursor, "COUNT", "100", .. options])));
            cursor = Assert.IsType<string>(reply[0]);
            keys.AddRange(Assert.IsType<List<object?>>(reply[1]).Select(key => Assert.IsType<string>(key)));
            if (cursor == "0")
            {
                keys.Sort(StringComparer.Ordinal);
                return keys;
            }
        }
        throw new TimeoutException("SCAN did not finish within 1000 calls");
    }

    private static byte[] Bytes(string text) => RespText.Bytes(text);
}
