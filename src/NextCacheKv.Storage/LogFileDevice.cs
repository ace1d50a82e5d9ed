using System.Collections.Concurrent;
using FASTER.core;
using Microsoft.Win32.SafeHandles;

namespace NextCacheKv.Storage;

/// <summary>
/// A FASTER device over plain files, written through the page cache and made durable by <see cref="Sync"/>.
/// FASTER's own device on Linux opens its files with <c>O_SYNC</c>, so every page it flushes waits for the disk
/// (on the development VM 276 MB/s, against 1.4 GB/s for the same bytes written and then synced once), and it
/// runs each I/O as a task behind a lock. Nothing needs the log on disk before a checkpoint names it, and the
/// checkpoint manager (<see cref="SyncingCheckpointManager"/>) calls <see cref="Sync"/> before it commits one.
/// A buffered write also starts its range's write-back at once, so dirty pages do not pile up in between. While
/// <see cref="WritesDirect"/>, aligned writes bypass the page cache (<see cref="DirectWrites"/>).
/// Segment files keep FASTER's names (<c>store.log.0</c>, …): existing data folders open as before.
/// </summary>
internal sealed class LogFileDevice : StorageDeviceBase
{
    /// <summary>FASTER aligns its I/O to this: 512, as its own device on Linux.</summary>
    public const uint SectorBytes = 512;

    private readonly ConcurrentDictionary<int, SegmentFile> segments = new();
    private readonly ConcurrentQueue<FileRequest> idleRequests = new();
    private readonly Lock openLock = new();
    private readonly Lock syncLock = new();
    private readonly string directory;

    /// <summary>
    /// The folders whose new names the next <see cref="Sync"/> puts on disk: the device's own, and at first also those
    /// that list a folder this device created (a checkpoint's token folder, say). Under <see cref="syncLock"/>.
    /// </summary>
    private string[] foldersToSync;
    private readonly Action<LogFileDevice>? onDispose;
    private readonly bool openDirect;
    private volatile bool writesDirect;
    private int unsyncedNames;
    private int directRefused;
    private int disposed;
    private long filesSynced;
    private long foldersSynced;

    /// <param name="fileName">The segment files' name, before FASTER's <c>.N</c>.</param>
    /// <param name="openDirect">Whether files get a descriptor for direct writes (and <see cref="WritesDirect"/> may be set).</param>
    /// <param name="onDispose">Told when the device is disposed.</param>
    public LogFileDevice(string fileName, bool openDirect, Action<LogFileDevice>? onDispose = null)
        : base(fileName, SectorBytes, Devices.CAPACITY_UNSPECIFIED)
    {
        this.openDirect = openDirect;
        writesDirect = openDirect;
        directory = Path.GetDirectoryName(Path.GetFullPath(fileName))!;
        // A folder created here is named in its parent: that entry must reach the disk too, or a power loss can
        // take the folder, and every file in it, away.
        var created = new List<string>();
        for (string? folder = directory; folder is not null && !System.IO.Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
            created.Add(folder);
        System.IO.Directory.CreateDirectory(directory);
        foldersToSync = [directory, .. created.Select(Path.GetDirectoryName).OfType<string>().Where(parent => parent != directory)];
        if (created.Count > 0) unsyncedNames = 1;
        this.onDispose = onDispose;
    }

    /// <summary>Whether aligned writes go direct now; switched at run time by the store (<see cref="DirectWritePolicy"/>).</summary>
    public bool WritesDirect
    {
        get => writesDirect;
        set => writesDirect = value && openDirect;
    }

    /// <summary>True while a completed write, or a new file's name, has not been through <see cref="Sync"/>.</summary>
    public bool HasUnsyncedWrites => Volatile.Read(ref unsyncedNames) != 0 || segments.Values.Any(file => file.IsDirty);

    /// <summary>Files put on disk by <see cref="Sync"/> so far.</summary>
    public long FilesSynced => Interlocked.Read(ref filesSynced);

    /// <summary>Folders whose entries <see cref="Sync"/> put on disk so far.</summary>
    public long FoldersSynced => Interlocked.Read(ref foldersSynced);

    /// <summary>
    /// Puts every write that has completed, and the names of files and folders created, on disk. Serialized, so a call that
    /// returns never leaves a concurrent call's files half done. Throws <see cref="IOException"/> when the disk fails.
    /// </summary>
    public void Sync()
    {
        lock (syncLock)
        {
            foreach (var file in segments.Values)
            {
                if (!file.TakeDirty()) continue;
                try
                {
                    FileSync.Data(file.Handle);
                    Interlocked.Increment(ref filesSynced);
                }
                catch (ObjectDisposedException)
                {
                    // Removed meanwhile: a deleted segment needs no sync.
                }
                catch
                {
                    file.MarkDirty();
                    throw;
                }
            }
            if (Interlocked.Exchange(ref unsyncedNames, 0) != 0)
            {
                try
                {
                    foreach (string folder in foldersToSync)
                    {
                        FileSync.Directory(folder);
                        Interlocked.Increment(ref foldersSynced);
                    }
                    // From now on only the device's own folder gets new names (segment files).
                    foldersToSync = [directory];
                }
                catch
                {
                    Volatile.Write(ref unsyncedNames, 1);
                    throw;
                }
            }
        }
    }

    public override void WriteAsync(IntPtr sourceAddress, int segmentId, ulong destinationAddress, uint numBytesToWrite, DeviceIOCompletionCallback callback, object context)
    {
        HandleCapacity(segmentId);
        Queue(isWrite: true, segmentId, (long)destinationAddress, sourceAddress, numBytesToWrite, callback, context);
    }

    public override void ReadAsync(int segmentId, ulong sourceAddress, IntPtr destinationAddress, uint readLength, DeviceIOCompletionCallback callback, object context)
        => Queue(isWrite: false, segmentId, (long)sourceAddress, destinationAddress, readLength, callback, context);

    public override void RemoveSegment(int segment)
    {
        if (segments.TryRemove(segment, out var file)) file.Dispose();
        try
        {
            File.Delete(GetSegmentFilename(FileName, segment));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // As FASTER's device: a segment that stays only costs disk.
        }
    }

    public override void RemoveSegmentAsync(int segment, AsyncCallback callback, IAsyncResult result)
    {
        RemoveSegment(segment);
        callback(result);
    }

    public override long GetFileSize(int segment)
    {
        if (segmentSize > 0) return segmentSize;
        var path = GetSegmentFilename(FileName, segment);
        return File.Exists(path) ? new FileInfo(path).Length : 0;
    }

    public override void Reset()
    {
        foreach (int segment in segments.Keys)
            if (segments.TryRemove(segment, out var file)) file.Dispose();
    }

    /// <summary>Syncs what was written (a checkpoint's metadata file is committed by this), then closes the files.</summary>
    public override void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        try
        {
            Sync();
        }
        finally
        {
            Reset();
            onDispose?.Invoke(this);
        }
    }

    private void Queue(bool isWrite, int segment, long offset, IntPtr memory, uint length, DeviceIOCompletionCallback callback, object context)
    {
        if (!idleRequests.TryDequeue(out var request)) request = new FileRequest(this);
        request.Set(isWrite, segment, offset, memory, length, callback, context);
        ThreadPool.UnsafeQueueUserWorkItem(request, preferLocal: false);
    }

    /// <summary>Runs on a pool thread: the I/O blocks, and FASTER's callbacks expect to be called back, not inline.</summary>
    private unsafe void Run(FileRequest request)
    {
        bool isWrite = request.IsWrite;
        int segment = request.Segment;
        long offset = request.Offset;
        byte* memory = (byte*)request.Memory;
        uint length = request.Length;
        var callback = request.Callback!;
        object context = request.Context!;
        request.Clear();
        idleRequests.Enqueue(request);

        uint error = 0;
        uint done = 0;
        try
        {
            if (isWrite)
            {
                var file = Open(segment, create: true)!;
                var bytes = new ReadOnlySpan<byte>(memory, (int)length);
                if (!(DirectWrites.Fits((IntPtr)memory, offset, length) && TryWriteDirect(file, bytes, offset)))
                {
                    RandomAccess.Write(file.Handle, bytes, offset);
                    FileSync.StartWriteback(file.Handle, offset, length);
                }
                file.MarkDirty();
                done = length;
            }
            else if (Open(segment, create: false) is { } file)
            {
                // A read past the end gets what is there, as from FASTER's device; a missing segment reads nothing.
                var into = new Span<byte>(memory, (int)length);
                while (done < length)
                {
                    int read = RandomAccess.Read(file.Handle, into[(int)done..], offset + done);
                    if (read == 0) break;
                    done += (uint)read;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            error = e is IOException { HResult: var code } && (code & 0xFFFF) != 0 ? (uint)(code & 0xFFFF) : uint.MaxValue;
            done = 0;
        }
        callback(error, done, context);
    }

    /// <summary>
    /// Writes an aligned write through <see cref="DirectWrites"/> while they are on. A direct write the file system
    /// refuses (a disk with larger sectors, say) turns them off for this device and is written buffered instead.
    /// </summary>
    private bool TryWriteDirect(SegmentFile file, ReadOnlySpan<byte> bytes, long offset)
    {
        if (!writesDirect || file.Direct is not { } direct || Volatile.Read(ref directRefused) != 0) return false;
        try
        {
            RandomAccess.Write(direct, bytes, offset);
            return true;
        }
        catch (IOException)
        {
            Volatile.Write(ref directRefused, 1);
            return false;
        }
    }

    private SegmentFile? Open(int segment, bool create)
    {
        if (segments.TryGetValue(segment, out var file)) return file;
        lock (openLock)
        {
            if (segments.TryGetValue(segment, out file)) return file;
            if (Volatile.Read(ref disposed) != 0) throw new ObjectDisposedException(FileName);
            string path = GetSegmentFilename(FileName, segment);
            bool exists = File.Exists(path);
            if (!exists && !create) return null;
            var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            if (!exists) Volatile.Write(ref unsyncedNames, 1);
            file = new SegmentFile(handle, openDirect ? DirectWrites.TryOpen(path) : null);
            segments[segment] = file;
            return file;
        }
    }

    private sealed class SegmentFile(SafeFileHandle handle, SafeFileHandle? direct) : IDisposable
    {
        private int dirty;

        /// <summary>Buffered: every read, and the writes that cannot go direct. Syncing it syncs the direct writes too.</summary>
        public SafeFileHandle Handle { get; } = handle;

        /// <summary>The same file for <see cref="DirectWrites"/>, or null.</summary>
        public SafeFileHandle? Direct { get; } = direct;

        public void Dispose()
        {
            Handle.Dispose();
            Direct?.Dispose();
        }

        public bool IsDirty => Volatile.Read(ref dirty) != 0;

        public void MarkDirty() => Volatile.Write(ref dirty, 1);

        public bool TakeDirty() => Interlocked.Exchange(ref dirty, 0) != 0;
    }

    /// <summary>One read or write waiting for a pool thread; reused, so the log's I/O allocates nothing.</summary>
    private sealed class FileRequest(LogFileDevice device) : IThreadPoolWorkItem
    {
        public bool IsWrite { get; private set; }
        public int Segment { get; private set; }
        public long Offset { get; private set; }
        public IntPtr Memory { get; private set; }
        public uint Length { get; private set; }
        public DeviceIOCompletionCallback? Callback { get; private set; }
        public object? Context { get; private set; }

        public void Set(bool isWrite, int segment, long offset, IntPtr memory, uint length, DeviceIOCompletionCallback callback, object context)
        {
            IsWrite = isWrite;
            Segment = segment;
            Offset = offset;
            Memory = memory;
            Length = length;
            Callback = callback;
            Context = context;
        }

        public void Clear()
        {
            Callback = null;
            Context = null;
        }

        public void Execute() => device.Run(this);
    }
}
