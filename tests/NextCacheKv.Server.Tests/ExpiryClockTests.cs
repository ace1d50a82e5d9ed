using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Expiry against a manual clock: exact deadlines and TTL rounding without sleeping, which a
/// differential test against a real-time Redis cannot check deterministically.
/// </summary>
public sealed class ExpiryClockTests : ServerClientTest
{
    private readonly ManualClock clock = new(DateTimeOffset.FromUnixTimeSeconds(1_893_456_000)); // 2030-01-01

    protected override TimeProvider Clock => clock;

    [Fact]
    public async Task Key_lives_until_its_deadline_and_not_after()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "k", "v", "EX", "10"));

        clock.Advance(TimeSpan.FromMilliseconds(9_999));
        Assert.Equal("$1\\r\\nv\\r\\n", await client.CommandTextAsync("GET", "k"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("PTTL", "k"));

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("GET", "k"));
        Assert.Equal(":-2\\r\\n", await client.CommandTextAsync("TTL", "k"));
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("EXISTS", "k"));
    }

    [Theory]
    [InlineData("1499", ":1")]
    [InlineData("1500", ":2")]
    [InlineData("499", ":0")]
    [InlineData("500", ":1")]
    public async Task Ttl_rounds_remaining_milliseconds_to_the_nearest_second(string milliseconds, string ttl)
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "k", "v", "PX", milliseconds));

        Assert.Equal($"{ttl}\\r\\n", await client.CommandTextAsync("TTL", "k"));
        Assert.Equal($":{milliseconds}\\r\\n", await client.CommandTextAsync("PTTL", "k"));
    }

    [Fact]
    public async Task Absolute_expiry_is_measured_on_the_server_clock()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "k", "v"));

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("EXPIREAT", "k", "1893456010"));
        Assert.Equal(":10\\r\\n", await client.CommandTextAsync("TTL", "k"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("PEXPIREAT", "k", "1893456000250"));
        Assert.Equal(":250\\r\\n", await client.CommandTextAsync("PTTL", "k"));

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "past", "v", "EXAT", "1893455999"));
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("EXISTS", "past"));
    }

    [Fact]
    public async Task Expired_keys_are_invisible_to_every_reader()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("MSET", "a", "1", "b", "2"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("EXPIRE", "a", "5"));

        clock.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal("*1\\r\\n$1\\r\\nb\\r\\n", await client.CommandTextAsync("KEYS", "*"));
        Assert.Equal("*2\\r\\n$1\\r\\n0\\r\\n*1\\r\\n$1\\r\\nb\\r\\n", await client.CommandTextAsync("SCAN", "0", "COUNT", "100"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("EXISTS", "a", "b"));
        Assert.Equal("*2\\r\\n$-1\\r\\n$1\\r\\n2\\r\\n", await client.CommandTextAsync("MGET", "a", "b"));
        Assert.Equal("+none\\r\\n", await client.CommandTextAsync("TYPE", "a"));
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("STRLEN", "a"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("SETNX", "a", "new"));
        Assert.Equal(":-1\\r\\n", await client.CommandTextAsync("TTL", "a"));
    }

    [Fact]
    public async Task Writing_to_an_expired_key_starts_from_nothing()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "n", "41", "EX", "1"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "s", "abc", "EX", "1"));

        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("INCR", "n"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("APPEND", "s", "x"));
        Assert.Equal(":-1\\r\\n", await client.CommandTextAsync("TTL", "n"));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("GETSET", "missing-too", "v"));
    }

    [Fact]
    public async Task Keepttl_and_getex_follow_the_clock()
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "k", "v", "EX", "100"));
        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "k", "w", "KEEPTTL"));
        Assert.Equal(":60\\r\\n", await client.CommandTextAsync("TTL", "k"));

        Assert.Equal("$1\\r\\nw\\r\\n", await client.CommandTextAsync("GETEX", "k", "EX", "5"));
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("$-1\\r\\n", await client.CommandTextAsync("GET", "k"));
    }
}
