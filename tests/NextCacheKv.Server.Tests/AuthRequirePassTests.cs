using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// requirepass: what a client may do before and after AUTH. Each case also runs against a
/// redis-server started with --requirepass, which proves the expected bytes are Redis 7's.
/// </summary>
public sealed class AuthRequirePassTests
{
    private const string NoAuth = "-NOAUTH Authentication required.\\r\\n";
    private const string WrongPass = "-WRONGPASS invalid username-password pair or user is disabled.\\r\\n";

    // Redis 7.0.15's exact text (later versions say "HELLO <proto> AUTH").
    private const string HelloNoAuth =
        "-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> " +
        "option can be used to authenticate the client and select the RESP protocol version at the same time\\r\\n";

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Commands_before_auth_are_refused(string serverName)
    {
        await using var server = await ProtectedServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        Assert.Equal(NoAuth, await client.CommandTextAsync("GET", "a"));
        Assert.Equal(NoAuth, await client.CommandTextAsync("PING"));
        Assert.Equal(NoAuth, await client.CommandTextAsync("SELECT", "1"));
        Assert.Equal(NoAuth, await client.CommandTextAsync("CLIENT", "ID"));
        Assert.Equal(NoAuth, await client.CommandTextAsync("SHUTDOWN"));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Wrong_password_is_refused_and_leaves_the_client_locked(string serverName)
    {
        await using var server = await ProtectedServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        Assert.Equal(WrongPass, await client.CommandTextAsync("AUTH", "wrong"));
        Assert.Equal(WrongPass, await client.CommandTextAsync("AUTH", "nobody", ProtectedServers.Password));
        Assert.Equal("-ERR syntax error\\r\\n", await client.CommandTextAsync("AUTH", "a", "b", "c"));
        Assert.Equal(NoAuth, await client.CommandTextAsync("GET", "a"));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Auth_with_the_password_unlocks_commands(string serverName)
    {
        await using var server = await ProtectedServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("AUTH", ProtectedServers.Password));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "a", "1"));
        Assert.Equal("$1\\r\\n1\\r\\n", await client.CommandTextAsync("GET", "a"));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Auth_as_the_default_user_unlocks_commands(string serverName)
    {
        await using var server = await ProtectedServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("AUTH", "default", ProtectedServers.Password));
        Assert.Equal("+PONG\\r\\n", await client.CommandTextAsync("PING"));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Hello_3_with_auth_authenticates_and_switches_to_resp3(string serverName)
    {
        await using var server = await ProtectedServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        var hello = await client.CommandAsync("HELLO", "3", "AUTH", "default", ProtectedServers.Password);

        Assert.StartsWith("%7\\r\\n", RespText.Escape(hello));
        var fields = Assert.IsType<List<object?>>(RespDecoder.Decode(hello));
        Assert.Equal(3L, fields[fields.IndexOf("proto") + 1]);
        Assert.Equal("_\\r\\n", await client.CommandTextAsync("GET", "missing")); // RESP3 null
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Hello_with_a_wrong_or_incomplete_auth_is_refused(string serverName)
    {
        await using var server = await ProtectedServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        Assert.Equal(WrongPass, await client.CommandTextAsync("HELLO", "3", "AUTH", "default", "wrong"));
        Assert.Equal("-ERR Syntax error in HELLO option 'AUTH'\\r\\n", await client.CommandTextAsync("HELLO", "3", "AUTH", "default"));
        Assert.Equal(NoAuth, await client.CommandTextAsync("GET", "a"));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Hello_without_auth_gets_the_noauth_hello_error(string serverName)
    {
        await using var server = await ProtectedServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        Assert.Equal(HelloNoAuth, await client.CommandTextAsync("HELLO", "3"));
        Assert.Equal(HelloNoAuth, await client.CommandTextAsync("HELLO"));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Quit_works_without_auth(string serverName)
    {
        await using var server = await ProtectedServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("QUIT"));
        Assert.True(await client.IsClosedAsync(), "QUIT should close the connection");
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Reset_locks_an_authenticated_client_again(string serverName)
    {
        await using var server = await ProtectedServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("AUTH", ProtectedServers.Password));
        Assert.Equal("+RESET\\r\\n", await client.CommandTextAsync("RESET"));
        Assert.Equal(NoAuth, await client.CommandTextAsync("GET", "a"));
    }
}
