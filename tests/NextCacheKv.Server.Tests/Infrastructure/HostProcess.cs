using System.Diagnostics;
using System.Text;

namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>
/// The real nextcachekv executable as a child process, for tests about startup, signals and recovery.
/// Only this process (by its id) is ever signalled or killed.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    public const string ReadyMessage = "Ready to accept connections";
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process)
    {
        this.process = process;
    }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    /// <summary>Starts the server with the given arguments without waiting for it to be ready.</summary>
    public static HostProcess Launch(params string[] args) => Launch(new Dictionary<string, string>(), args);

    /// <summary>As <see cref="Launch(string[])"/>, with these variables added to the server's environment.</summary>
    public static HostProcess Launch(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        // A built executable runs as it is; `dotnet build`'s output runs under the test's own dotnet.
        string? binary = HostExecutable.Binary();
        var start = new ProcessStartInfo(binary ?? HostExecutable.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        if (binary is null) start.ArgumentList.Add(HostExecutable.Locate());
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The server process did not start.");
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, line) => host.Record(line.Data);
        process.ErrorDataReceived += (_, line) => host.Record(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Starts the server and waits until it logs that it accepts connections.</summary>
    public static async Task<HostProcess> StartAsync(params string[] args)
    {
        var host = Launch(args);
        try
        {
            await host.WaitUntilReadyAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>The usual test arguments: loopback, the given port and folder, and an hour between automatic checkpoints so only SAVE, SIGTERM and SHUTDOWN write one.</summary>
    /// <remarks>Without the startup warm-up, which only costs time here; <see cref="WarmupTests"/> covers it.</remarks>
    public static string[] StandardArgs(int port, string directory, params string[] extra) =>
        ["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", directory, "--save", "3600", "--warmup", "no", .. extra];

    /// <summary>
    /// Starts the host (in a fresh data folder) with the usual arguments plus <paramref name="flag"/> <paramref name="value"/>,
    /// waits at most 30 s for it to exit, and asserts that it failed and named <paramref name="named"/> (the flag by default).
    /// </summary>
    public static async Task AssertRefusedAtStartupAsync(string flag, string value, string? named = null)
    {
        using var data = new TempDirectory("host-flag");
        await using var host = Launch(StandardArgs(FreePort.Next(), data.Path, flag, value));
        int exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(named ?? flag, host.Output);
    }

    public async Task WaitUntilReadyAsync()
    {
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(StartupTimeout));
        if (first == ready.Task)
            return;
        if (first == exited)
            throw new InvalidOperationException($"The server exited with code {process.ExitCode} before it was ready. Output:\n{Output}");
        throw new TimeoutException($"The server was not ready within {StartupTimeout.TotalSeconds} s. Output:\n{Output}");
    }

    /// <summary>SIGKILL: the process gets no chance to save anything, like a crash.</summary>
    public void Kill() => process.Kill();

    /// <summary>SIGTERM: asks the server to checkpoint and exit.</summary>
    public void Terminate() => PosixSignal.Send(process.Id, PosixSignal.SigTerm);

    /// <summary>Waits for the process to end and returns its exit code; fails the test on timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The server did not exit within {timeout.TotalSeconds} s. Output:\n{Output}");
        }
        process.WaitForExit(); // also drains the redirected output
        return process.ExitCode;
    }

    private void Record(string? line)
    {
        if (line is null)
            return;
        lock (output) output.AppendLine(line);
        if (line.Contains(ReadyMessage, StringComparison.Ordinal))
            ready.TrySetResult();
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
        }
    }
}
