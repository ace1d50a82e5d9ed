using System.Globalization;

namespace NextCacheKv.Host;

/// <summary>Redis-like log lines on stdout: "pid:M 26 Nov 2026 11:00:00.000 * message".</summary>
internal sealed class ConsoleLog
{
    private readonly object gate = new();

    public void Write(string message)
    {
        string stamp = DateTime.Now.ToString("dd MMM yyyy HH:mm:ss.fff", CultureInfo.InvariantCulture);
        lock (gate) Console.Out.WriteLine($"{Environment.ProcessId}:M {stamp} * {message}");
    }
}
