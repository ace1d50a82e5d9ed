using System.Text;
using System.Text.RegularExpressions;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// The server's once-a-second housekeeping sends the log's page flushes direct while large values are written,
/// and back through the page cache for ordinary ones; INFO memory says which (<c>log_direct_writes</c>).
/// </summary>
public sealed class LogDirectWritesTests
{
    private static readonly TimeSpan SwitchTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Flushes_go_direct_while_large_values_are_written_and_back_after()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        Assert.Equal("0", await DirectWritesAsync(client));

        var big = Encoding.ASCII.GetBytes(new string('v', 2_000_000));
        var deadline = DateTime.UtcNow + SwitchTimeout;
        for (int i = 0; await DirectWritesAsync(client) != "1"; i++)
        {
            Assert.True(DateTime.UtcNow < deadline, "still not direct after 2 MB SETs");
            Assert.Equal("+OK\\r\\n", RespText.Escape(await client.CommandAsync(Encoding.ASCII.GetBytes("SET"), Encoding.ASCII.GetBytes("big" + i % 4), big)));
        }

        deadline = DateTime.UtcNow + SwitchTimeout;
        for (int i = 0; await DirectWritesAsync(client) != "0"; i++)
        {
            Assert.True(DateTime.UtcNow < deadline, "still direct after small SETs");
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SET", "small" + i, "v"));
        }
    }

    private static async Task<string> DirectWritesAsync(RawRespClient client)
    {
        var info = Assert.IsType<string>(RespDecoder.Decode(await client.CommandAsync("INFO", "memory")));
        return Regex.Match(info, @"log_direct_writes:(\d)").Groups[1].Value;
    }
}
