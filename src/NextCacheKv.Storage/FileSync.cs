using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace NextCacheKv.Storage;

/// <summary>
/// The system calls that put written bytes on disk: <c>fdatasync</c> for a file, <c>fsync</c> for a directory
/// (a new file's name), and <c>sync_file_range</c> to start writing a range back without waiting for it.
/// </summary>
internal static partial class FileSync
{
    private const int SyncFileRangeWrite = 2;
    private const int ReadOnly = 0; // O_RDONLY opens a directory too; O_DIRECTORY's value differs between architectures

    /// <summary>Waits until the file's written bytes are on disk. Throws <see cref="IOException"/> when the disk says no.</summary>
    public static void Data(SafeFileHandle file)
    {
        if (OnDescriptor(file, 0L, 0L, static (descriptor, _, _) => Fdatasync(descriptor)) != 0)
            throw Failure("fdatasync");
    }

    /// <summary>
    /// Asks the kernel to start writing a range back now. Dirty pages then never pile up between checkpoints
    /// (a container's memory limit counts them), and the checkpoint's <see cref="Data"/> finds little left to do.
    /// Advisory: a failure here is reported again by <see cref="Data"/>, so it is ignored.
    /// </summary>
    public static void StartWriteback(SafeFileHandle file, long offset, long length)
        => _ = OnDescriptor(file, offset, length, static (descriptor, from, count) => SyncFileRange(descriptor, from, count, SyncFileRangeWrite));

    /// <summary>Makes the names of files created in <paramref name="directory"/> durable.</summary>
    public static void Directory(string directory)
    {
        int descriptor = Open(directory, ReadOnly);
        if (descriptor < 0) throw Failure($"open '{directory}'");
        try
        {
            if (Fsync(descriptor) != 0) throw Failure($"fsync '{directory}'");
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    /// <summary>Opens <paramref name="path"/> with open(2)'s <paramref name="flags"/>; -1 on failure, with errno set.</summary>
    public static int OpenDescriptor(string path, int flags) => Open(path, flags);

    /// <summary>Runs a system call on the file's descriptor, which stays open (and unreused) meanwhile.</summary>
    private static int OnDescriptor(SafeFileHandle file, long offset, long length, Func<int, long, long, int> call)
    {
        bool added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return call((int)file.DangerousGetHandle(), offset, length);
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    private static IOException Failure(string call)
    {
        int error = Marshal.GetLastPInvokeError();
        return new IOException($"{call} failed: {new Win32Exception(error).Message}", error);
    }

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int Fdatasync(int descriptor);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(int descriptor, long offset, long length, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
