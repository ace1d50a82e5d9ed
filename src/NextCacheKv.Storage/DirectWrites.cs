using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace NextCacheKv.Storage;

/// <summary>
/// A second descriptor of a file opened with <c>O_DIRECT</c>, for the writes FASTER aligns to sectors (every
/// page flush). Written through the page cache, the 4 MB a page flush writes is copied into page-cache memory
/// first: half of the server's CPU under 2 MB SETs on the development VM. A direct write hands the page itself to
/// the disk, but leaves nothing in the page cache for reads. Reads stay buffered; the kernel drops cached pages a
/// direct write replaces. Where the file system or CPU architecture offers no <c>O_DIRECT</c>, there is no such
/// descriptor and every write is buffered.
/// </summary>
internal static class DirectWrites
{
    /// <summary>Memory address, file offset and length must all be multiples of this.</summary>
    public const int Alignment = (int)LogFileDevice.SectorBytes;

    private const int WriteOnly = 1;
    private const int CloseOnExec = 0x80000;

    /// <summary>O_DIRECT differs between architectures; 0 where it is not known here.</summary>
    private static readonly int Direct = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 0x4000,
        Architecture.Arm64 => 0x10000,
        _ => 0,
    };

    /// <summary>Opens an existing file for direct writes, or null when it cannot be (tmpfs, say, refuses).</summary>
    public static SafeFileHandle? TryOpen(string path)
    {
        if (Direct == 0 || !OperatingSystem.IsLinux()) return null;
        int descriptor = FileSync.OpenDescriptor(path, WriteOnly | Direct | CloseOnExec);
        return descriptor < 0 ? null : new SafeFileHandle(descriptor, ownsHandle: true);
    }

    /// <summary>True when a write of <paramref name="length"/> bytes from <paramref name="memory"/> to <paramref name="offset"/> may go direct.</summary>
    public static bool Fits(IntPtr memory, long offset, uint length)
        => ((long)memory | offset | length) % Alignment == 0;
}
