using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>How requests may be framed on the wire; each case also runs against Redis to prove the expectation.</summary>
public sealed class ProtocolEdgeTests
{
    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Inline_ping_gets_pong(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("PING\r\n");

        Assert.Equal("+PONG\\r\\n", await client.ReadReplyTextAsync());
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Pipelined_inline_commands_reply_in_order(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        // Bare LF endings and blank lines are accepted in inline mode too.
        await client.SendAsync("SET a 1\r\nINCR a\n\r\nGET a\r\nPING hello\r\n");

        Assert.Equal("+OK\\r\\n", await client.ReadReplyTextAsync());
        Assert.Equal(":2\\r\\n", await client.ReadReplyTextAsync());
        Assert.Equal("$1\\r\\n2\\r\\n", await client.ReadReplyTextAsync());
        Assert.Equal("$5\\r\\nhello\\r\\n", await client.ReadReplyTextAsync());
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Inline_quotes_and_escapes_are_unquoted(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("SET \"a b\" \"c\\x41\\n\"\r\nGET 'a b'\r\n");

        Assert.Equal("+OK\\r\\n", await client.ReadReplyTextAsync());
        Assert.Equal("$3\\r\\ncA\\n\\r\\n", await client.ReadReplyTextAsync());
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Multibulk_split_into_single_byte_writes_is_reassembled(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();
        var command = RespCommand.Encode("SET", "split", "value");

        foreach (byte b in command)
        {
            await client.SendAsync([b]);
            await Task.Delay(1); // give each byte its own TCP segment
        }

        Assert.Equal("+OK\\r\\n", await client.ReadReplyTextAsync());
        Assert.Equal("$5\\r\\nvalue\\r\\n", await client.CommandTextAsync("GET", "split"));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Many_pipelined_multibulk_commands_in_one_write(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();
        var pipeline = Enumerable.Range(0, 500).SelectMany(i => RespCommand.Encode("INCR", "counter")).ToArray();

        await client.SendAsync(pipeline);

        for (int i = 1; i <= 500; i++)
            Assert.Equal($":{i}\\r\\n", await client.ReadReplyTextAsync());
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Keys_and_values_are_binary_safe(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();
        byte[] key = [(byte)'k', 0, (byte)'\r', (byte)'\n', 0xff];
        byte[] value = [0, (byte)'\r', (byte)'\n', (byte)'$', (byte)'*', 0x80, 0xfe, 0];

        Assert.Equal("+OK\\r\\n", RespText.Escape(await client.CommandAsync(RespText.Bytes("SET"), key, value)));
        var reply = await client.CommandAsync(RespText.Bytes("GET"), key);

        Assert.Equal([.. RespText.Bytes("$8\r\n"), .. value, .. RespText.Bytes("\r\n")], reply);
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Empty_key_and_empty_value_are_allowed(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "", ""));
        Assert.Equal("$0\\r\\n\\r\\n", await client.CommandTextAsync("GET", ""));
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Command_names_are_case_insensitive(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("set", "k", "v"));
        Assert.Equal("$1\\r\\nv\\r\\n", await client.CommandTextAsync("GeT", "k"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SeT", "k", "w", "xX", "pX", "100000"));
        await client.SendAsync("pInG\r\n");
        Assert.Equal("+PONG\\r\\n", await client.ReadReplyTextAsync());
    }

    [Theory]
    [InlineData(RespServers.NextCacheKv)]
    [InlineData(RespServers.Redis)]
    public async Task Empty_and_null_multibulk_headers_are_ignored(string serverName)
    {
        await using var server = await RespServers.StartAsync(serverName);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("*0\r\n*-1\r\n\r\nPING\r\n");

        Assert.Equal("+PONG\\r\\n", await client.ReadReplyTextAsync());
    }
}
