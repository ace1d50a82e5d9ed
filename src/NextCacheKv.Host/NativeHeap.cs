using System.Runtime.InteropServices;

namespace NextCacheKv.Host;

/// <summary>
/// The C runtime's heap. glibc keeps what a thread freed in that thread's arena, and the runtime's
/// threads (the warm-up's, the tiered compiler) leave megabytes there: idle RSS went from 67 to 60 MB
/// with a trim after the warm-up and another once the compiler has settled.
/// </summary>
internal static class NativeHeap
{
    /// <summary>
    /// Caps glibc at <paramref name="arenas"/> arenas (it allows 8 per core): the server's hot paths never
    /// call malloc, the runtime's compiler threads do, and each arena they create keeps megabytes resident.
    /// </summary>
    public static void LimitArenas(int arenas) => CallGlibc(() => MallOpt(ArenaMax, arenas));

    /// <summary>Returns the free memory of every glibc arena to the system; a no-op where there is no glibc.</summary>
    public static void Trim() => CallGlibc(() => MallocTrim(0));

    /// <summary>Calls a glibc extension where there is one: not on other systems, not on musl (Alpine).</summary>
    private static void CallGlibc(Action call)
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            call();
        }
        catch (EntryPointNotFoundException)
        {
            // musl has no malloc_trim (and ignores mallopt); its heap returns memory by itself.
        }
        catch (DllNotFoundException)
        {
        }
    }

    private const int ArenaMax = -8; // M_ARENA_MAX in malloc.h

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int option, int value);

    // DllImport rather than LibraryImport: the signature is blittable, and the host needs no unsafe code.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
