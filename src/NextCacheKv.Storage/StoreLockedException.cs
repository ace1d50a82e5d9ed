namespace NextCacheKv.Storage;

/// <summary>Another process holds the data folder (<see cref="DataFolderLock"/>).</summary>
public sealed class StoreLockedException(string message, Exception inner) : Exception(message, inner);
