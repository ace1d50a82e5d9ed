using System.Text;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>The server's housekeeping grows a crowded hash index by itself; INFO shows the new size.</summary>
public sealed class IndexGrowthTests
{
    [Fact]
    public async Task Housekeeping_doubles_a_crowded_index_and_info_reports_it()
    {
        await using var server = await TestServer.StartAsync(options => options.Store.IndexBytes = 4096);
        await using var client = await server.ConnectAsync();
        Assert.Equal(4096, await IndexBytes(client));

        var batch = new StringBuilder();
        for (int i = 0; i < 3000; i++) batch.Append($"SET key:{i} value\r\n");
        await client.SendAsync(batch.ToString());
        for (int i = 0; i < 3000; i++) await client.ReadReplyAsync();

        // 3000 keys at no more than 4 per bucket: 1024 buckets of 64 bytes.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await IndexBytes(client) < 1024 * 64)
        {
            Assert.True(DateTime.UtcNow < deadline, "the index did not grow");
            await Task.Delay(100);
        }
        Assert.Equal("$5\\r\\nvalue\\r\\n", await client.CommandTextAsync("GET", "key:2999"));
        Assert.Contains(server.Log, line => line.Contains("Hash index grown to 64 KB"));
    }

    private static Task<long> IndexBytes(RawRespClient client) => InfoFields.ReadAsync(client, "memory", "used_memory_index");
}
