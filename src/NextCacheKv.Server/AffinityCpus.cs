using System.Diagnostics;
using System.Numerics;

namespace NextCacheKv.Server;

/// <summary>
/// How many CPUs this process may run on (its affinity mask, first 64). <see cref="Environment.ProcessorCount"/>
/// is lower when the runtime was also given a CPU quota (a container's limit, or DOTNET_PROCESSOR_COUNT).
/// </summary>
public static class AffinityCpus
{
    public static int Count { get; } = Read();

    private static int Read()
    {
        try
        {
            if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
                return BitOperations.PopCount((ulong)(long)Process.GetCurrentProcess().ProcessorAffinity);
        }
        catch (Exception)
        {
            // Unknown: assume no quota, as if the runtime had every CPU.
        }
        return Environment.ProcessorCount;
    }
}
