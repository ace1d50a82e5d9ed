using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>The host's --notify-keyspace-events and --client-output-buffer-limit flags.</summary>
[Trait(TestTraits.Runs, TestTraits.HostProcess)]
public sealed class HostPubSubFlagsTests
{
    [Fact]
    public async Task Flags_set_the_startup_values()
    {
        using var data = new TempDirectory("host-pubsub");
        await using var host = await RunningHost.StartAsync(data.Path, "--notify-keyspace-events", "Exe", "--client-output-buffer-limit", "pubsub 1mb 512kb 10");
        await using var client = await RawRespClient.ConnectAsync(host.Port);

        Assert.Equal("*2\\r\\n$22\\r\\nnotify-keyspace-events\\r\\n$3\\r\\nxeE\\r\\n", await client.CommandTextAsync("CONFIG", "GET", "notify-keyspace-events"));
        Assert.Equal("*2\\r\\n$26\\r\\nclient-output-buffer-limit\\r\\n$65\\r\\nnormal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 524288 10\\r\\n",
            await client.CommandTextAsync("CONFIG", "GET", "client-output-buffer-limit"));
    }

    [Fact]
    public async Task An_invalid_event_class_is_refused_at_startup()
    {
        await HostProcess.AssertRefusedAtStartupAsync("--notify-keyspace-events", "KEQ", "notify-keyspace-events");
    }
}
