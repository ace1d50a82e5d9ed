namespace NextCacheKv.Host;

/// <summary>
/// When the host trims the C heap, decided at each poll from the runtime's count of compiled methods: after
/// every poll interval in which the compiler worked (it mallocs while it compiles and frees when done, and glibc
/// keeps what was freed), and after <c>pollsPerTrim</c> polls without a trim regardless.
/// </summary>
internal sealed class HeapTrimSchedule(long compiledCount, int pollsPerTrim)
{
    private long lastCount = compiledCount;
    private int pollsSinceTrim;

    public bool Due(long compiledCount)
    {
        bool compiled = compiledCount != lastCount;
        lastCount = compiledCount;
        if (compiled || ++pollsSinceTrim >= pollsPerTrim)
        {
            pollsSinceTrim = 0;
            return true;
        }
        return false;
    }
}
