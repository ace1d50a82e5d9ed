using System.Diagnostics;

namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>
/// A real redis-server child process on a free loopback port, without persistence: the reference
/// the differential tests compare against, optionally with extra settings (e.g. <c>--requirepass</c>).
/// Only the process started here is ever killed.
/// </summary>
public sealed class RedisServerProcess : IRespServer
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly TempDirectory directory;

    private RedisServerProcess(Process process, TempDirectory directory, int port)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
    }

    public string Name => "redis";

    public int Port { get; }

    public static async Task<RedisServerProcess> StartAsync(params string[] extraArgs)
    {
        var executable = ExecutableLocator.Require("redis-server");
        const int attempts = 3; // another process may grab the free port between probing and binding
        for (int attempt = 1; ; attempt++)
        {
            var directory = new TempDirectory("redis");
            int port = FreePort.Next();
            var process = Launch(executable, port, directory.Path, extraArgs);
            var redis = new RedisServerProcess(process, directory, port);
            if (await redis.WaitUntilPingAnswersAsync())
                return redis;
            await redis.DisposeAsync();
            if (attempt == attempts)
                throw new InvalidOperationException($"redis-server {string.Join(' ', extraArgs)} did not answer PING on port {port} within {StartupTimeout.TotalSeconds} s.");
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

    private async Task<bool> WaitUntilPingAnswersAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartupTimeout && !process.HasExited)
        {
            try
            {
                await using var client = await RawRespClient.ConnectAsync(Port);
                // Any reply means it is up: with a password it answers -NOAUTH instead of +PONG.
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
