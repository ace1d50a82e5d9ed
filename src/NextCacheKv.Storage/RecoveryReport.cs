namespace NextCacheKv.Storage;

/// <summary>What happened when the store opened: logged by the host, shown in INFO persistence.</summary>
public sealed record RecoveryReport(bool CheckpointFound, bool Recovered, long Keys, TimeSpan Duration, string? Error);
