using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// CLIENT SETINFO (sent by newer client libraries at connect) arrived in Redis 7.2, so the 7.0 reference
/// cannot answer it; these expectations follow the 7.2 documentation.
/// </summary>
public sealed class ClientSetInfoTests
{
    [Fact]
    public async Task Library_name_and_version_are_accepted_and_listed()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("CLIENT", "SETINFO", "LIB-NAME", "x"));
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("CLIENT", "SETINFO", "lib-ver", "1.2.3"));

        var info = Assert.IsType<string>(RespDecoder.Decode(await client.CommandAsync("CLIENT", "INFO")));
        Assert.Contains(" lib-name=x ", info);
        Assert.Contains(" lib-ver=1.2.3", info);
    }

    [Fact]
    public async Task Bad_values_and_unknown_attributes_are_errors()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        Assert.StartsWith("-ERR ", await client.CommandTextAsync("CLIENT", "SETINFO", "LIB-NAME", "a b"));
        Assert.StartsWith("-ERR ", await client.CommandTextAsync("CLIENT", "SETINFO", "COLOR", "red"));
        Assert.Equal("-ERR wrong number of arguments for 'client|setinfo' command\\r\\n", await client.CommandTextAsync("CLIENT", "SETINFO", "LIB-NAME"));
    }
}
