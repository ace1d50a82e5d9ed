using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// Commits a checkpoint only once the files it names are on disk: the log and the checkpoint's own files are
/// written through the page cache (<see cref="LogFileDevice"/>), so each commit syncs them first. A sync that
/// fails leaves the checkpoint uncommitted and is kept for <see cref="TakeCommitFailure"/>, rather than thrown
/// into FASTER's checkpoint, which runs on whichever thread moves it on; the store then reports the checkpoint
/// failed and keeps the previous one. It also lists checkpoints newest first by their metadata
/// (<see cref="CheckpointRecency"/>), which FASTER's recovery relies on.
/// </summary>
internal sealed class SyncingCheckpointManager(ICheckpointManager inner, Action syncBeforeCommit) : ICheckpointManager
{
    private Exception? commitFailure;

    /// <summary>The failure of a commit since the last call, or null; clears it.</summary>
    public Exception? TakeCommitFailure() => Interlocked.Exchange(ref commitFailure, null);

    public void CommitIndexCheckpoint(Guid indexToken, byte[] commitMetadata) => Commit(() => inner.CommitIndexCheckpoint(indexToken, commitMetadata));

    public void CommitLogCheckpoint(Guid logToken, byte[] commitMetadata) => Commit(() => inner.CommitLogCheckpoint(logToken, commitMetadata));

    public void CommitLogIncrementalCheckpoint(Guid logToken, long version, byte[] commitMetadata, DeltaLog deltaLog)
        => Commit(() => inner.CommitLogIncrementalCheckpoint(logToken, version, commitMetadata, deltaLog));

    private void Commit(Action commit)
    {
        try
        {
            syncBeforeCommit();
            commit();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            Interlocked.CompareExchange(ref commitFailure, e, null);
        }
    }

    public void InitializeIndexCheckpoint(Guid indexToken) => inner.InitializeIndexCheckpoint(indexToken);

    public void InitializeLogCheckpoint(Guid logToken) => inner.InitializeLogCheckpoint(logToken);

    public void CheckpointVersionShift(long oldVersion, long newVersion) => inner.CheckpointVersionShift(oldVersion, newVersion);

    public byte[] GetIndexCheckpointMetadata(Guid indexToken) => inner.GetIndexCheckpointMetadata(indexToken);

    public byte[] GetLogCheckpointMetadata(Guid logToken, DeltaLog deltaLog, bool scanDelta = false, long recoverTo = -1)
        => inner.GetLogCheckpointMetadata(logToken, deltaLog, scanDelta, recoverTo);

    /// <summary>Newest first by the checkpoints' metadata, not by their folders' times (<see cref="CheckpointRecency"/>).</summary>
    public IEnumerable<Guid> GetIndexCheckpointTokens() => CheckpointRecency.IndexTokensNewestFirst(inner);

    /// <summary>Newest first by version: FASTER recovers the first that loads.</summary>
    public IEnumerable<Guid> GetLogCheckpointTokens() => CheckpointRecency.LogTokensNewestFirst(inner);

    public IDevice GetIndexDevice(Guid indexToken) => inner.GetIndexDevice(indexToken);

    public IDevice GetSnapshotLogDevice(Guid token) => inner.GetSnapshotLogDevice(token);

    public IDevice GetSnapshotObjectLogDevice(Guid token) => inner.GetSnapshotObjectLogDevice(token);

    public IDevice GetDeltaLogDevice(Guid token) => inner.GetDeltaLogDevice(token);

    public void Purge(Guid token) => inner.Purge(token);

    public void PurgeAll() => inner.PurgeAll();

    public void OnRecovery(Guid indexToken, Guid logToken) => inner.OnRecovery(indexToken, logToken);

    public void Dispose() => inner.Dispose();
}
