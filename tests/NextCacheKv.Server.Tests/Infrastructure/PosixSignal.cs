using System.Runtime.InteropServices;

namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>Sends a POSIX signal to one process id; .NET can only send SIGKILL on its own.</summary>
internal static class PosixSignal
{
    public const int SigTerm = 15;

    public static void Send(int processId, int signal)
    {
        if (kill(processId, signal) != 0)
            throw new InvalidOperationException($"kill({processId}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
