using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// CLIENT ID / LIST / INFO: the contents are per connection, so each case checks the shape and the
/// fields tools rely on, and runs against Redis as well to prove the expectation.
/// </summary>
public sealed class ClientIntrospectionTests
{
    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Client_id_is_a_positive_integer_that_hello_also_reports(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        long id = Assert.IsType<long>(RespDecoder.Decode(await client.CommandAsync("CLIENT", "ID")));
        var hello = Assert.IsType<List<object?>>(RespDecoder.Decode(await client.CommandAsync("HELLO", "2")));

        Assert.True(id > 0, $"CLIENT ID {id} should be positive");
        Assert.Equal(id, hello[hello.IndexOf("id") + 1]);
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Client_list_has_a_line_per_connection_with_name_and_db(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var lister = await server.ConnectAsync();
        await using var other = await server.ConnectAsync();
        Assert.Equal("+PONG\\r\\n", await other.CommandTextAsync("PING")); // the server has surely registered it
        Assert.Equal("+OK\\r\\n", await lister.CommandTextAsync("CLIENT", "SETNAME", "lister"));
        Assert.Equal("+OK\\r\\n", await lister.CommandTextAsync("SELECT", "3"));

        var list = Assert.IsType<string>(RespDecoder.Decode(await lister.CommandAsync("CLIENT", "LIST")));

        Assert.EndsWith("\n", list);
        var lines = list.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.Contains(" name=", line));
        Assert.All(lines, line => Assert.Contains(" db=", line));
        var mine = Assert.Single(lines, line => line.Contains(" name=lister "));
        Assert.Contains(" db=3 ", mine);
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Client_info_describes_only_this_connection(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();
        long id = Assert.IsType<long>(RespDecoder.Decode(await client.CommandAsync("CLIENT", "ID")));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("CLIENT", "SETNAME", "me"));

        var info = Assert.IsType<string>(RespDecoder.Decode(await client.CommandAsync("CLIENT", "INFO")));

        Assert.StartsWith($"id={id} ", info);
        Assert.EndsWith("\n", info);
        Assert.Single(info.TrimEnd('\n').Split('\n'));
        Assert.Contains(" name=me ", info);
        Assert.Contains(" db=0 ", info);
        Assert.Contains(" resp=2", info);
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Client_info_is_verbatim_text_in_resp3(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();
        await client.CommandAsync("HELLO", "3");

        var reply = RespText.Escape(await client.CommandAsync("CLIENT", "INFO"));

        Assert.Matches(@"^=\d+\\r\\ntxt:id=\d+ ", reply);
        Assert.Contains(" resp=3", reply);
    }
}
