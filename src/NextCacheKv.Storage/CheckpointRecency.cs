using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// Lists checkpoints newest first by what their metadata says. FASTER 2.6.5 lists them by their folders' modified
/// times and recovers the first that loads; those times are the kernel's coarse clock (4 ms here, so two checkpoints
/// can tie), they go back with the wall clock, and deleting files from an old checkpoint touches its folder. A crash
/// between a checkpoint's commit and the deletion of the one before it could then recover the older one.
/// </summary>
internal static class CheckpointRecency
{
    /// <summary>Log checkpoints by version, newest first; one whose metadata does not load goes last (FASTER skips it).</summary>
    public static IEnumerable<Guid> LogTokensNewestFirst(ICheckpointManager manager) =>
        manager.GetLogCheckpointTokens().ToList().OrderByDescending(token => LogVersion(manager, token));

    /// <summary>Index checkpoints by the log address they were taken at, newest first; an unreadable one goes last.</summary>
    public static IEnumerable<Guid> IndexTokensNewestFirst(ICheckpointManager manager) =>
        manager.GetIndexCheckpointTokens().ToList().OrderByDescending(token => IndexFinalAddress(manager, token));

    private static long LogVersion(ICheckpointManager manager, Guid token)
    {
        try
        {
            byte[] metadata = manager.GetLogCheckpointMetadata(token, null, false, -1);
            if (metadata is null) return long.MinValue;
            var info = new HybridLogRecoveryInfo();
            using var reader = new StreamReader(new MemoryStream(metadata));
            info.Initialize(reader);
            return info.version;
        }
        catch (Exception)
        {
            // Whatever a damaged file throws: FASTER's recovery passes over it the same way.
            return long.MinValue;
        }
    }

    // FASTER's IndexRecoveryInfo is internal; its metadata is one value per line, the final log address the ninth.
    private const int IndexFinalAddressLine = 9;

    private static long IndexFinalAddress(ICheckpointManager manager, Guid token)
    {
        try
        {
            byte[] metadata = manager.GetIndexCheckpointMetadata(token);
            if (metadata is null) return long.MinValue;
            using var reader = new StreamReader(new MemoryStream(metadata));
            string? line = null;
            for (int i = 0; i < IndexFinalAddressLine; i++) line = reader.ReadLine();
            return long.TryParse(line, out long address) ? address : long.MinValue;
        }
        catch (Exception)
        {
            return long.MinValue;
        }
    }
}
