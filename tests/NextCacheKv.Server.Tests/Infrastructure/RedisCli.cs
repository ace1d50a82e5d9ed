using System.Diagnostics;

namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>Runs the real redis-cli once against a port and captures what it prints.</summary>
public static class RedisCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(int port, params string[] args)
    {
        var start = new ProcessStartInfo(ExecutableLocator.Require("redis-cli"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-h", "127.0.0.1", "-p", port.ToString() }.Concat(args))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        process.StandardInput.Close(); // an empty stdin: redis-cli must never wait for input
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw new TimeoutException($"redis-cli {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds} s.");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
