using System.Diagnostics;

namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>
/// A real redis-server started with extra settings (e.g. <c>--requirepass</c>) that the shared
/// <see cref="RedisServerProcess"/> does not take. Only the process started here is ever killed.
/// </summary>
public sealed class ConfiguredRedisServer : IRespServer
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly TempDirectory directory;

    private ConfiguredRedisServer(Process process, TempDirectory directory, int port)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
    }

    public string Name => "redis";

    public int Port { get; }

    public static async Task<ConfiguredRedisServer> StartAsync(params string[] extraArgs)
    {
        var executable = ExecutableLocator.Require("redis-server");
        const int attempts = 3; // another process may grab the free port between probing and binding
        for (int attempt = 1; ; attempt++)
        {
            var directory = new TempDirectory("redis-configured");
            int port = FreePort.Next();
            var redis = new ConfiguredRedisServer(Launch(executable, port, directory.Path, extraArgs), directory, port);
            if (await redis.WaitUntilAnsweringAsync())
                return redis;
            await redis.DisposeAsync();
            if (attempt == attempts)
                throw new InvalidOperationException($"redis-server {string.Join(' ', extraArgs)} did not answer on port {port} within {StartupTimeout.TotalSeconds} s.");
        }
    }

    public Task<RawRespClient> ConnectAsync() => RawRespClient.ConnectAsync(Port);

    private static Process Launch(string executable, int port, string directory, string[] extraArgs)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] standard = ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", directory];
        foreach (var arg in standard.Concat(extraArgs))
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        // Drain its output so a full pipe can never block it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Any reply to PING means it is up: with a password it answers -NOAUTH instead of +PONG.</summary>
    private async Task<bool> WaitUntilAnsweringAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartupTimeout && !process.HasExited)
        {
            try
            {
                await using var client = await RawRespClient.ConnectAsync(Port);
                await client.CommandAsync("PING");
                return true;
            }
            catch (Exception e) when (e is IOException or TimeoutException or System.Net.Sockets.SocketException)
            {
            }
            await Task.Delay(50);
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            process.Dispose();
            directory.Dispose();
        }
    }
}
