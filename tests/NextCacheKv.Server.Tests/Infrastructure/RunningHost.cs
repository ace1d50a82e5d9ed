namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>A ready <see cref="HostProcess"/> together with the port it was told to use.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private RunningHost(HostProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public HostProcess Process { get; }

    public int Port { get; }

    public static async Task<RunningHost> StartAsync(string dataDirectory, params string[] extraArgs)
    {
        int port = FreePort.Next();
        var process = await HostProcess.StartAsync(HostProcess.StandardArgs(port, dataDirectory, extraArgs));
        return new RunningHost(process, port);
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
