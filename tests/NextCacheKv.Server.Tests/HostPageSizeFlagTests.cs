using System.Text;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// The host's --page-size: 4 MB by default, a power of two, and a property of the data folder once written.
/// Restarting on a saved folder with another page size used to crash the server in FASTER's recovery.
/// </summary>
[Trait(TestTraits.Runs, TestTraits.HostProcess)]
public sealed class HostPageSizeFlagTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    private static byte[] Value(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte)('a' + (i * 7 + i / 4096) % 26);
        return bytes;
    }

    private static async Task<string> InfoFieldAsync(RawRespClient client, string field)
    {
        string info = Encoding.UTF8.GetString(await client.CommandAsync("INFO", "memory"));
        string line = info.Split("\r\n").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line[(field.Length + 1)..];
    }

    [Fact]
    public async Task A_saved_folder_keeps_its_page_size_and_its_data_when_restarted_with_another()
    {
        using var data = new TempDirectory("host-page-size");
        byte[] big = Value(3_000_000);
        await using (var first = await RunningHost.StartAsync(data.Path))
        {
            await using var client = await RawRespClient.ConnectAsync(first.Port);
            Assert.Equal("4194304", await InfoFieldAsync(client, "log_page_bytes"));
            Assert.Equal("1048512", await InfoFieldAsync(client, "log_chunk_bytes"));
            for (int i = 0; i < 500; i++) await client.CommandAsync("SET", "k" + i, "v" + i);
            Assert.Equal("+OK\\r\\n", RespText.Escape(await client.CommandAsync(Encoding.UTF8.GetBytes("SET"), Encoding.UTF8.GetBytes("big"), big)));
            first.Process.Terminate();
            Assert.Equal(0, await first.Process.WaitForExitAsync(ExitTimeout));
        }

        await using var second = await RunningHost.StartAsync(data.Path, "--page-size", "1mb");
        await using var reader = await RawRespClient.ConnectAsync(second.Port);
        Assert.Equal("4194304", await InfoFieldAsync(reader, "log_page_bytes"));
        Assert.Equal(":501\\r\\n", await reader.CommandTextAsync("DBSIZE"));
        Assert.Equal("$4\\r\\nv321\\r\\n", await reader.CommandTextAsync("GET", "k321"));
        byte[] expected = [.. Encoding.ASCII.GetBytes($"${big.Length}\r\n"), .. big, .. "\r\n"u8];
        Assert.Equal(expected, await reader.CommandAsync("GET", "big"));
        Assert.Contains("Log page size stays 4194304 bytes", second.Process.Output);
    }

    [Fact]
    public async Task A_new_folder_with_small_pages_stores_a_value_of_many_chunks()
    {
        using var data = new TempDirectory("host-page-size");
        await using var host = await RunningHost.StartAsync(data.Path, "--page-size", "1mb");
        await using var client = await RawRespClient.ConnectAsync(host.Port);
        Assert.Equal("1048576", await InfoFieldAsync(client, "log_page_bytes"));
        Assert.Equal("262080", await InfoFieldAsync(client, "log_chunk_bytes"));

        byte[] big = Value(2_500_000);
        Assert.Equal("+OK\\r\\n", RespText.Escape(await client.CommandAsync(Encoding.UTF8.GetBytes("SET"), Encoding.UTF8.GetBytes("big"), big)));
        byte[] expected = [.. Encoding.ASCII.GetBytes($"${big.Length}\r\n"), .. big, .. "\r\n"u8];
        Assert.Equal(expected, await client.CommandAsync("GET", "big"));
    }

    [Theory]
    [InlineData("3mb")]
    [InlineData("32kb")]
    [InlineData("large")]
    public async Task A_page_size_that_is_not_a_power_of_two_of_at_least_64KB_is_refused_at_startup(string value)
    {
        await HostProcess.AssertRefusedAtStartupAsync("--page-size", value);
    }
}
