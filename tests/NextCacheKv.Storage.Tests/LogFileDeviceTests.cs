using System.Runtime.InteropServices;
using FASTER.core;
using NextCacheKv.Storage;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// The log's device (<see cref="LogFileDevice"/>): plain files without <c>O_SYNC</c>, aligned writes direct,
/// made durable by <see cref="LogFileDevice.Sync"/>, which a checkpoint's commit waits for
/// (<see cref="SyncingCheckpointManager"/>).
/// </summary>
public sealed class LogFileDeviceTests : IDisposable
{
    private const int OSync = 0x101000; // O_SYNC: __O_SYNC | O_DSYNC, the same on x64 and arm64
    private const int Page = 64 * 1024;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "nextcachekv-tests", Guid.NewGuid().ToString("N"));
    private readonly List<IntPtr> buffers = [];

    public LogFileDeviceTests() => Directory.CreateDirectory(directory);

    public void Dispose()
    {
        foreach (var buffer in buffers) Marshal.FreeHGlobal(buffer);
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    private LogFileDevice NewDevice(long segmentBytes = 1L << 20, bool directWrites = true)
    {
        var device = new LogFileDevice(Path.Combine(directory, "store.log"), openDirect: directWrites);
        device.Initialize(segmentBytes);
        return device;
    }

    /// <summary>Native memory aligned to 4 KB, as FASTER's pages are, filled with <paramref name="fill"/>.</summary>
    private IntPtr Buffer(int length, byte fill)
    {
        var allocated = Marshal.AllocHGlobal(length + 4096);
        buffers.Add(allocated);
        var aligned = (IntPtr)(((long)allocated + 4095) & ~4095L);
        Marshal.Copy(Enumerable.Repeat(fill, length).ToArray(), 0, aligned, length);
        return aligned;
    }

    private static byte[] Bytes(IntPtr memory, int length)
    {
        var bytes = new byte[length];
        Marshal.Copy(memory, bytes, 0, length);
        return bytes;
    }

    private static (uint Error, uint Bytes) Write(IDevice device, IntPtr from, ulong address, uint length)
    {
        var done = new TaskCompletionSource<(uint, uint)>(TaskCreationOptions.RunContinuationsAsynchronously);
        device.WriteAsync(from, address, length, (error, bytes, _) => done.SetResult((error, bytes)), null);
        return done.Task.WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
    }

    private static (uint Error, uint Bytes) Read(IDevice device, ulong address, IntPtr into, uint length)
    {
        var done = new TaskCompletionSource<(uint, uint)>(TaskCreationOptions.RunContinuationsAsynchronously);
        device.ReadAsync(address, into, length, (error, bytes, _) => done.SetResult((error, bytes)), null);
        return done.Task.WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Writes_read_back_across_segments_and_a_reopen(bool directWrites)
    {
        using (var device = NewDevice(directWrites: directWrites))
        {
            Assert.Equal((0u, (uint)Page), Write(device, Buffer(Page, 1), 0, Page));
            // The second segment starts at 1 MB.
            Assert.Equal((0u, (uint)Page), Write(device, Buffer(Page, 2), (1UL << 20) + Page, Page));
        }

        using var reopened = NewDevice();
        var into = Buffer(Page, 0);
        Assert.Equal((0u, (uint)Page), Read(reopened, 0, into, Page));
        Assert.All(Bytes(into, Page), b => Assert.Equal(1, b));
        Assert.Equal((0u, (uint)Page), Read(reopened, (1UL << 20) + Page, into, Page));
        Assert.All(Bytes(into, Page), b => Assert.Equal(2, b));
        Assert.True(File.Exists(Path.Combine(directory, "store.log.0")));
        Assert.True(File.Exists(Path.Combine(directory, "store.log.1")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_unaligned_write_is_written_all_the_same(bool directWrites)
    {
        using var device = NewDevice(directWrites: directWrites);
        var from = Buffer(Page, 7) + 3;

        Assert.Equal((0u, 1000u), Write(device, from, 517, 1000));

        var into = Buffer(Page, 0);
        Assert.Equal((0u, 1000u), Read(device, 517, into, 1000));
        Assert.All(Bytes(into, 1000), b => Assert.Equal(7, b));
    }

    [Fact]
    public void A_read_past_the_end_gets_what_is_there_and_a_missing_segment_reads_nothing()
    {
        using var device = NewDevice();
        Write(device, Buffer(Page, 3), 0, Page);

        Assert.Equal((0u, (uint)Page), Read(device, 0, Buffer(2 * Page, 0), 2 * Page));
        Assert.Equal((0u, 0u), Read(device, 5UL << 20, Buffer(Page, 0), Page));
        Assert.False(File.Exists(Path.Combine(directory, "store.log.5")), "a read created the segment");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Files_are_opened_without_O_SYNC_and_direct_writes_get_their_own_descriptor_where_the_file_system_allows(bool directWrites)
    {
        using var device = NewDevice(directWrites: directWrites);
        Write(device, Buffer(Page, 1), 0, Page);

        var flags = OpenFlags(Path.Combine(directory, "store.log.0"));
        Assert.NotEmpty(flags);
        Assert.All(flags, f => Assert.True((f & OSync) == 0, $"opened with O_SYNC: flags {Convert.ToString(f, 8)}"));

        string probe = Path.Combine(directory, "probe");
        File.WriteAllBytes(probe, []);
        using var direct = DirectWrites.TryOpen(probe);
        Assert.Equal(directWrites && direct is not null ? 2 : 1, flags.Count);
    }

    [Fact]
    public void Sync_leaves_nothing_unsynced_and_a_new_write_is_unsynced_again()
    {
        using var device = NewDevice();
        Assert.False(device.HasUnsyncedWrites);

        Write(device, Buffer(Page, 1), 0, Page);
        Write(device, Buffer(Page, 1), 1UL << 20, Page);
        Assert.True(device.HasUnsyncedWrites);

        device.Sync();
        Assert.False(device.HasUnsyncedWrites);
        Assert.Equal(2, device.FilesSynced);

        device.Sync();
        Assert.Equal(2, device.FilesSynced);

        Write(device, Buffer(Page, 1), Page, Page);
        Assert.True(device.HasUnsyncedWrites);
    }

    [Fact]
    public void A_device_that_created_its_folder_syncs_the_folder_that_names_it_as_well()
    {
        string nested = Path.Combine(directory, "cpr-checkpoints", Guid.NewGuid().ToString());
        using var device = new LogFileDevice(Path.Combine(nested, "snapshot.dat"), openDirect: true);
        device.Initialize(1L << 20);
        Assert.True(device.HasUnsyncedWrites, "a new folder's name is not on disk yet");

        device.Sync();

        // Its own folder, the cpr-checkpoints folder it created, and the folder that names that one.
        Assert.Equal(3, device.FoldersSynced);
        Assert.False(device.HasUnsyncedWrites);

        Write(device, Buffer(Page, 1), 0, Page);
        device.Sync();
        Assert.Equal(4, device.FoldersSynced);
    }

    [Fact]
    public void Removing_a_segment_deletes_its_file()
    {
        using var device = NewDevice();
        Write(device, Buffer(Page, 1), 0, Page);
        Write(device, Buffer(Page, 1), 1UL << 20, Page);

        device.RemoveSegment(0);

        Assert.False(File.Exists(Path.Combine(directory, "store.log.0")));
        Assert.True(File.Exists(Path.Combine(directory, "store.log.1")));
        Assert.Equal((0u, 0u), Read(device, 0, Buffer(Page, 0), Page));
    }

    [Fact]
    public void A_checkpoint_commits_only_after_the_log_is_synced()
    {
        using var device = NewDevice();
        Write(device, Buffer(Page, 1), 0, Page);
        var inner = new RecordingCheckpointManager(() => device.HasUnsyncedWrites);
        var manager = new SyncingCheckpointManager(inner, device.Sync);

        manager.CommitIndexCheckpoint(Guid.NewGuid(), [1]);
        Write(device, Buffer(Page, 1), Page, Page);
        manager.CommitLogCheckpoint(Guid.NewGuid(), [1]);

        Assert.Equal([false, false], inner.UnsyncedAtCommit);
        Assert.Null(manager.TakeCommitFailure());
    }

    [Fact]
    public void The_checkpoint_folder_syncs_the_log_and_the_checkpoints_own_files_before_it_commits()
    {
        using var log = NewDevice();
        Write(log, Buffer(Page, 1), 0, Page);
        using var files = new CheckpointFiles(Path.Combine(directory, "checkpoints"));
        files.SyncBeforeCommit(log);
        var token = Guid.NewGuid();
        files.Manager.InitializeLogCheckpoint(token);
        using var snapshot = (LogFileDevice)files.Manager.GetSnapshotLogDevice(token);
        snapshot.Initialize(1L << 20);
        Write(snapshot, Buffer(Page, 2), 0, Page);

        files.Manager.CommitLogCheckpoint(token, [1, 2, 3]);

        Assert.Null(files.TakeCommitFailure());
        Assert.False(log.HasUnsyncedWrites);
        Assert.False(snapshot.HasUnsyncedWrites);
        Assert.Equal([1, 2, 3], files.Manager.GetLogCheckpointMetadata(token, null!));
    }

    [Fact]
    public void A_sync_that_fails_leaves_the_checkpoint_uncommitted_and_is_reported()
    {
        var inner = new RecordingCheckpointManager(() => false);
        var manager = new SyncingCheckpointManager(inner, () => throw new IOException("disk gone"));

        manager.CommitLogCheckpoint(Guid.NewGuid(), [1]);

        Assert.Empty(inner.UnsyncedAtCommit);
        Assert.Equal("disk gone", manager.TakeCommitFailure()?.Message);
        Assert.Null(manager.TakeCommitFailure());
    }

    /// <summary>Each open descriptor of <paramref name="path"/> in this process, by its flags in /proc/self/fdinfo.</summary>
    private static List<int> OpenFlags(string path)
    {
        var flags = new List<int>();
        foreach (var link in Directory.EnumerateFiles("/proc/self/fd"))
        {
            string? target;
            try { target = new FileInfo(link).LinkTarget; } catch (IOException) { continue; }
            if (target != path) continue;
            string info = File.ReadAllText("/proc/self/fdinfo/" + Path.GetFileName(link));
            string octal = info.Split('\n').First(line => line.StartsWith("flags:")).Split(':')[1].Trim();
            flags.Add(Convert.ToInt32(octal, 8));
        }
        return flags;
    }

    /// <summary>A checkpoint manager that records, at each commit, whether the log still had unsynced writes.</summary>
    private sealed class RecordingCheckpointManager(Func<bool> unsynced) : ICheckpointManager
    {
        public List<bool> UnsyncedAtCommit { get; } = [];

        public void CommitIndexCheckpoint(Guid indexToken, byte[] commitMetadata) => UnsyncedAtCommit.Add(unsynced());
        public void CommitLogCheckpoint(Guid logToken, byte[] commitMetadata) => UnsyncedAtCommit.Add(unsynced());
        public void CommitLogIncrementalCheckpoint(Guid logToken, long version, byte[] commitMetadata, DeltaLog deltaLog) => UnsyncedAtCommit.Add(unsynced());
        public void InitializeIndexCheckpoint(Guid indexToken) { }
        public void InitializeLogCheckpoint(Guid logToken) { }
        public void CheckpointVersionShift(long oldVersion, long newVersion) { }
        public byte[] GetIndexCheckpointMetadata(Guid indexToken) => throw new NotSupportedException();
        public byte[] GetLogCheckpointMetadata(Guid logToken, DeltaLog deltaLog, bool scanDelta = false, long recoverTo = -1) => throw new NotSupportedException();
        public IEnumerable<Guid> GetIndexCheckpointTokens() => [];
        public IEnumerable<Guid> GetLogCheckpointTokens() => [];
        public IDevice GetIndexDevice(Guid indexToken) => throw new NotSupportedException();
        public IDevice GetSnapshotLogDevice(Guid token) => throw new NotSupportedException();
        public IDevice GetSnapshotObjectLogDevice(Guid token) => throw new NotSupportedException();
        public IDevice GetDeltaLogDevice(Guid token) => throw new NotSupportedException();
        public void Purge(Guid token) { }
        public void PurgeAll() { }
        public void OnRecovery(Guid indexToken, Guid logToken) { }
        public void Dispose() { }
    }
}
