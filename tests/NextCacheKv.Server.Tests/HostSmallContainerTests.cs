using System.Text;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// In a container with a small memory limit the runtime caps its heap at three quarters of the limit, and the log's
/// pages live in that heap. The default budgets used to ignore the cap: in a 256 MB container (a 192 MB heap) the
/// log's 256 MB default made every write fail with OutOfMemoryException once the log reached 190 MB. Here
/// DOTNET_GCHeapHardLimit sets the same cap a 256 MB container gives.
/// </summary>
[Trait(TestTraits.Runs, TestTraits.HostProcess)]
public sealed class HostSmallContainerTests
{
    // Hexadecimal without "0x": the native build's runtime reads only that form.
    private static readonly Dictionary<string, string> HeapOf192MB = new() { ["DOTNET_GCHeapHardLimit"] = "C000000" };

    [Fact]
    public async Task The_default_budgets_fit_the_heap_and_data_past_them_goes_to_disk()
    {
        using var data = new TempDirectory("host-small-container");
        int port = FreePort.Next();
        await using var host = HostProcess.Launch(HeapOf192MB, HostProcess.StandardArgs(port, data.Path));
        await host.WaitUntilReadyAsync();
        Assert.Contains("log memory 96 MB", host.Output);
        Assert.DoesNotContain("Warning: --maxmemory", host.Output);

        // 120,000 values of 3,300 bytes, about 400 MB: twice the heap, in pipelined batches of 200.
        await using var client = await RawRespClient.ConnectAsync(port);
        const int Keys = 120_000, Batch = 200;
        var value = new string('v', 3300);
        for (int first = 0; first < Keys; first += Batch)
        {
            var batch = new StringBuilder();
            for (int i = first; i < first + Batch; i++) batch.Append($"*3\r\n$3\r\nSET\r\n${Key(i).Length}\r\n{Key(i)}\r\n$3300\r\n{value}\r\n");
            await client.SendAsync(batch.ToString());
            for (int i = first; i < first + Batch; i++) Assert.Equal("+OK\\r\\n", RespText.Escape(await client.ReadReplyAsync(TimeSpan.FromSeconds(30))));
        }

        Assert.Equal($":{Keys}\\r\\n", await client.CommandTextAsync("DBSIZE"));
        Assert.Equal(Encoding.ASCII.GetBytes($"$3300\r\n{value}\r\n"), await client.CommandAsync("GET", Key(7)));
        Assert.DoesNotContain("OutOfMemory", host.Output);
    }

    [Fact]
    public async Task A_maxmemory_the_heap_cannot_hold_is_warned_about_at_start()
    {
        using var data = new TempDirectory("host-small-container");
        int port = FreePort.Next();
        await using var host = HostProcess.Launch(HeapOf192MB, HostProcess.StandardArgs(port, data.Path, "--maxmemory", "256mb"));
        await host.WaitUntilReadyAsync();

        Assert.Contains("Warning: --maxmemory (256 MB) and --maxmemory-collections (48 MB)", host.Output);
    }

    private static string Key(int i) => "page:" + i.ToString("D6");
}
