using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// The checkpoint folder. FASTER can delete the previous checkpoint itself, but it does so inside the
/// checkpoint's last step, on whichever thread moves the checkpoint on: often an event loop, which then
/// stalls while a file the size of the log memory (a gigabyte by default) is unlinked. Here FASTER keeps
/// everything and the store removes the older checkpoints afterwards, from a background thread.
/// Its files, like the log's, are written through the page cache and synced before each commit
/// (<see cref="SyncingCheckpointManager"/>).
/// </summary>
internal sealed class CheckpointFiles : IDisposable
{
    private readonly DeviceLogCommitCheckpointManager manager;
    private readonly LogFileDeviceFactory devices = new();
    private readonly SyncingCheckpointManager syncingManager;
    private LogFileDevice? log;

    public CheckpointFiles(string directory)
    {
        Directory = directory;
        manager = new DeviceLogCommitCheckpointManager(
            devices,
            new DefaultCheckpointNamingScheme(new DirectoryInfo(directory).FullName),
            removeOutdated: false);
        syncingManager = new SyncingCheckpointManager(manager, SyncLogAndOpenFiles);
    }

    public string Directory { get; }

    public ICheckpointManager Manager => syncingManager;

    /// <summary>The log a checkpoint refers to: synced, with the checkpoint's own files, before each commit.</summary>
    public void SyncBeforeCommit(LogFileDevice logDevice) => log = logDevice;

    /// <summary>Why the last checkpoint's commit did not happen (a sync failed), or null; clears it.</summary>
    public Exception? TakeCommitFailure() => syncingManager.TakeCommitFailure();

    private void SyncLogAndOpenFiles()
    {
        log?.Sync();
        devices.SyncOpenDevices();
    }

    /// <summary>True when any checkpoint file exists (a store to recover).</summary>
    public bool Any() => System.IO.Directory.Exists(Directory) && System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories).Any();

    /// <summary>
    /// Deletes every checkpoint but <paramref name="keep"/> (index and log share a full checkpoint's token).
    /// Blocks on the file system: call it from a background thread. A checkpoint that cannot be deleted only
    /// costs disk (the newer one is complete), so it is reported and the rest go on. Returns how many were deleted.
    /// </summary>
    public int DeleteAllBut(Guid keep, Action<string> log)
    {
        int deleted = 0;
        var stale = manager.GetLogCheckpointTokens().Concat(manager.GetIndexCheckpointTokens()).Where(token => token != keep).Distinct().ToList();
        foreach (var token in stale)
        {
            try
            {
                manager.Purge(token);
                deleted++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log($"Could not delete the old checkpoint {token} in '{Directory}': {e.Message}");
            }
        }
        return deleted;
    }

    public void Dispose() => manager.Dispose();
}
