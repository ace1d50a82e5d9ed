using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Malformed NEXTSET / NEXTGET / NEXTTAG calls get the Redis-style error a handler can log, and change
/// nothing: no entry written, no tag revalidated.
/// </summary>
public sealed class NextArgumentErrorTests : ServerClientTest
{
    private const string Syntax = "-ERR syntax error\\r\\n";
    private const string NotInteger = "-ERR value is not an integer or out of range\\r\\n";
    private const string NotFloat = "-ERR value is not a valid float\\r\\n";
    private const string InvalidExpire = "-ERR invalid expire time in 'nextset' command\\r\\n";

    [Theory]
    [InlineData(Syntax, "TAGS", "3", "a")]
    [InlineData(Syntax, "TAGS", "1")]
    [InlineData(NotInteger, "TAGS", "x", "a")]
    [InlineData(NotInteger, "TAGS", "-1")]
    [InlineData(NotFloat, "TS", "abc")]
    [InlineData(NotFloat, "TS", "inf")]
    [InlineData(InvalidExpire, "EX", "0")]
    [InlineData(InvalidExpire, "PX", "-5")]
    [InlineData(InvalidExpire, "EXAT", "0")]
    [InlineData(NotInteger, "EX", "soon")]
    [InlineData(Syntax, "EX", "10", "PX", "10")]
    [InlineData(Syntax, "BOGUS")]
    [InlineData(Syntax, "META")]
    public async Task Nextset_rejects_bad_options_and_stores_nothing(string error, params string[] options)
    {
        Assert.Equal(error, await client.CommandTextAsync(["NEXTSET", "k", "v", .. options]));

        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("EXISTS", "k"));
    }

    [Theory]
    [InlineData(Syntax, "SOFTTAGS", "2", "a")]
    [InlineData(Syntax, "SOFTTAGS", "1", "a", "b")]
    [InlineData(Syntax, "SOFTTAGS")]
    [InlineData(Syntax, "TAGS", "1", "a")]
    [InlineData(NotInteger, "SOFTTAGS", "x", "a")]
    [InlineData(NotInteger, "SOFTTAGS", "-1")]
    public async Task Nextget_rejects_bad_soft_tags(string error, params string[] options)
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "k", "v"));

        Assert.Equal(error, await client.CommandTextAsync(["NEXTGET", "k", .. options]));
    }

    [Theory]
    [InlineData(NotInteger, "abc")]
    [InlineData(NotInteger, "-1", "t")]
    [InlineData(Syntax, "2", "t")]
    [InlineData(NotInteger, "1", "t", "EXPIRE", "-1")]
    [InlineData(NotInteger, "1", "t", "EXPIRE", "soon")]
    [InlineData(Syntax, "1", "t", "EXPIRE")]
    [InlineData(Syntax, "1", "t", "EXPIRE", "10", "STALE")]
    [InlineData(Syntax, "1", "t", "STALE", "EXPIRE", "10")]
    [InlineData(NotInteger, "1", "t", "AT", "-5")]
    [InlineData(NotInteger, "1", "t", "AT", "now")]
    [InlineData(Syntax, "1", "t", "AT", "1", "AT", "2")]
    [InlineData(Syntax, "1", "t", "BOGUS")]
    public async Task Nexttag_rejects_bad_arguments_and_revalidates_nothing(string error, params string[] args)
    {
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("NEXTSET", "k", "v", "TS", "1000", "TAGS", "1", "t"));

        Assert.Equal(error, await client.CommandTextAsync(["NEXTTAG", .. args]));

        Assert.StartsWith("*5\\r\\n", await client.CommandTextAsync("NEXTGET", "k"));
    }

    [Theory]
    [InlineData("nextget")]
    [InlineData("nextset", "k")]
    [InlineData("nexttag")]
    public async Task Too_few_arguments_is_a_wrong_number_of_arguments(string command, params string[] args)
    {
        Assert.Equal($"-ERR wrong number of arguments for '{command}' command\\r\\n", await client.CommandTextAsync([command.ToUpperInvariant(), .. args]));
    }
}
