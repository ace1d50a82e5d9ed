using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests.Lists;

/// <summary>Lists survive a crash after SAVE and a graceful stop, elements and order intact, in the real executable.</summary>
[Trait(TestTraits.Runs, TestTraits.HostProcess)]
public sealed class ListRecoveryTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory dataDirectory = new("list-recovery");

    public void Dispose() => dataDirectory.Dispose();

    [Fact]
    public async Task Saved_lists_survive_kill_9()
    {
        await using (var first = await StartHostAsync())
        {
            await using var client = await RawRespClient.ConnectAsync(first.Port);
            Assert.Equal(":3\\r\\n", await client.CommandTextAsync("RPUSH", "list", "b", "c", "d"));
            Assert.Equal(":4\\r\\n", await client.CommandTextAsync("LPUSH", "list", "a"));
            Assert.Equal(":1\\r\\n", RespText.Escape(await client.CommandAsync(RespText.Bytes("RPUSH"), RespText.Bytes("binary"), [0, 13, 10, 255])));
            for (int i = 0; i < 1000; i++) await client.SendAsync(RespCommand.Encode("RPUSH", "long", $"item:{i}"));
            for (int i = 0; i < 1000; i++) await client.ReadReplyAsync();
            Assert.Equal("$6\\r\\nitem:0\\r\\n", await client.CommandTextAsync("LPOP", "long"));
            Assert.Equal(":1\\r\\n", await client.CommandTextAsync("RPUSH", "emptied", "x"));
            Assert.Equal("$1\\r\\nx\\r\\n", await client.CommandTextAsync("RPOP", "emptied"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SELECT", "3"));
            Assert.Equal(":1\\r\\n", await client.CommandTextAsync("RPUSH", "in-db3", "three"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("SAVE"));

            first.Process.Kill();
            await first.Process.WaitForExitAsync(ExitTimeout);
        }

        await using var second = await StartHostAsync();
        await using var reader = await RawRespClient.ConnectAsync(second.Port);
        Assert.Equal("*4\\r\\n$1\\r\\na\\r\\n$1\\r\\nb\\r\\n$1\\r\\nc\\r\\n$1\\r\\nd\\r\\n", await reader.CommandTextAsync("LRANGE", "list", "0", "-1"));
        Assert.Equal("*1\\r\\n$4\\r\\n\\x00\\r\\n\\xff\\r\\n", await reader.CommandTextAsync("LRANGE", "binary", "0", "-1"));
        Assert.Equal(":999\\r\\n", await reader.CommandTextAsync("LLEN", "long"));
        Assert.Equal("$8\\r\\nitem:999\\r\\n", await reader.CommandTextAsync("LINDEX", "long", "-1"));
        Assert.Equal(":0\\r\\n", await reader.CommandTextAsync("EXISTS", "emptied"));
        Assert.Equal("+list\\r\\n", await reader.CommandTextAsync("TYPE", "list"));
        Assert.Equal(":3\\r\\n", await reader.CommandTextAsync("DBSIZE"));
        Assert.Equal("+OK\\r\\n", await reader.CommandTextAsync("SELECT", "3"));
        Assert.Equal("*1\\r\\n$5\\r\\nthree\\r\\n", await reader.CommandTextAsync("LRANGE", "in-db3", "0", "-1"));
        // The recovered list is fully usable.
        Assert.Equal(":2\\r\\n", await reader.CommandTextAsync("RPUSH", "in-db3", "four"));
    }

    [Fact]
    public async Task Lists_survive_sigterm_without_an_explicit_save()
    {
        await using (var first = await StartHostAsync())
        {
            await using var client = await RawRespClient.ConnectAsync(first.Port);
            Assert.Equal(":3\\r\\n", await client.CommandTextAsync("RPUSH", "list", "1", "2", "3"));
            Assert.Equal("+OK\\r\\n", await client.CommandTextAsync("LSET", "list", "1", "two"));

            first.Process.Terminate();
            Assert.Equal(0, await first.Process.WaitForExitAsync(ExitTimeout));
        }

        await using var second = await StartHostAsync();
        await using var reader = await RawRespClient.ConnectAsync(second.Port);
        Assert.Equal("*3\\r\\n$1\\r\\n1\\r\\n$3\\r\\ntwo\\r\\n$1\\r\\n3\\r\\n", await reader.CommandTextAsync("LRANGE", "list", "0", "-1"));
    }

    private Task<RunningHost> StartHostAsync() => RunningHost.StartAsync(dataDirectory.Path, []);
}
