using System.Collections.Concurrent;
using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// Gives FASTER's checkpoint manager <see cref="LogFileDevice"/>s for the checkpoint's files (index, log
/// snapshot, metadata) and remembers the open ones, so a commit can sync them first. Their writes go direct:
/// nothing reads them before a recovery, so the page cache would only hold them at the cost of what it holds.
/// (Writing them buffered did not cure the all-zero index file of README *Not yet supported*: tried 2026-11-28.)
/// Listing and deleting stay FASTER's own.
/// </summary>
internal sealed class LogFileDeviceFactory : INamedDeviceFactory
{
    private readonly LocalStorageNamedDeviceFactory files = new();
    private readonly ConcurrentDictionary<LogFileDevice, byte> open = new();
    private string baseName = "";

    public void Initialize(string baseName)
    {
        this.baseName = baseName;
        files.Initialize(baseName);
    }

    public IDevice Get(FileDescriptor file)
    {
        var device = new LogFileDevice(Path.Combine(baseName, file.directoryName, file.fileName), openDirect: true, closed => open.TryRemove(closed, out _));
        open.TryAdd(device, 0);
        return device;
    }

    public IEnumerable<FileDescriptor> ListContents(string path) => files.ListContents(path);

    public void Delete(FileDescriptor file) => files.Delete(file);

    /// <summary>Syncs every device still open (a closed one synced itself as it closed).</summary>
    public void SyncOpenDevices()
    {
        foreach (var device in open.Keys) device.Sync();
    }
}
