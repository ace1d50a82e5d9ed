using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// README: "an entry its tags expired is a miss for every command". Writers must treat it like a key
/// past its TTL too, or it comes back: copied to a database without the tag, renamed, or blocking NX.
/// </summary>
public sealed class NextInvalidatedEntryTests : IAsyncLifetime
{
    private const long Start = 1_893_456_000_000; // 2030-01-01 in ms
    private readonly ManualClock clock = new(DateTimeOffset.FromUnixTimeMilliseconds(Start));
    private TestServer server = null!;
    private RawRespClient client = null!;

    public async Task InitializeAsync()
    {
        // No active expiry, so the dead entry is still in the log when the command under test runs.
        server = await TestServer.StartAsync(options => options.ActiveExpiryIntervalMs = 3_600_000, clock);
        client = await server.ConnectAsync();
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "dead", "v", "TS", "1000", "TAGS", "1", "t"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("NEXTTAG", "1", "t"));
    }

    public async Task DisposeAsync()
    {
        if (client is not null)
            await client.DisposeAsync();
        if (server is not null)
            await server.DisposeAsync();
    }

    [Fact]
    public async Task Nextset_nx_stores_over_it()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "dead", "fresh", "TS", Start.ToString(), "NX"));

        Assert.EndsWith("$5\\r\\nfresh\\r\\n", await client.CommandTextAsync("NEXTGET", "dead"));
    }

    [Fact]
    public async Task Set_nx_stores_over_it()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "dead", "x", "NX"));
        Assert.Equal("$1\\r\\nx\\r\\n", await client.CommandTextAsync("GET", "dead"));
    }

    [Fact]
    public async Task Set_get_finds_nothing_and_stores()
    {
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("SET", "dead", "x", "GET"));
        Assert.Equal("$1\\r\\nx\\r\\n", await client.CommandTextAsync("GET", "dead"));
    }

    [Fact]
    public async Task Set_xx_finds_nothing_to_replace()
    {
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("SET", "dead", "x", "XX"));
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("EXISTS", "dead"));
    }

    [Fact]
    public async Task Copy_to_another_database_does_not_bring_it_back()
    {
        // Database 1 has no record of tag t, so a copy there would be served as fresh.
        string copied = await client.CommandTextAsync("COPY", "dead", "revived", "DB", "1");

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SELECT", "1"));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "revived"));
        Assert.Equal(":0\\r\\n", copied);
    }

    [Fact]
    public async Task Copy_finds_no_source()
    {
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("COPY", "dead", "copy"));
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("EXISTS", "copy"));
    }

    [Fact]
    public async Task Move_to_another_database_does_not_bring_it_back()
    {
        string moved = await client.CommandTextAsync("MOVE", "dead", "1");

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SELECT", "1"));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("NEXTGET", "dead"));
        Assert.Equal(":0\\r\\n", moved);
    }

    [Fact]
    public async Task Rename_finds_no_such_key()
    {
        Assert.Equal("-ERR no such key\\r\\n", await client.CommandTextAsync("RENAME", "dead", "other"));
    }

    [Fact]
    public async Task Expire_and_persist_find_no_key()
    {
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("EXPIRE", "dead", "100"));
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("PERSIST", "dead"));
    }

    [Fact]
    public async Task Del_counts_nothing()
    {
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("DEL", "dead"));
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("DBSIZE"));
    }
}
