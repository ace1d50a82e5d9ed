namespace NextCacheKv.Storage;

/// <summary>A checkpoint exists but could not be loaded; the server refuses to start empty over it.</summary>
public sealed class StoreRecoveryException(string message, Exception inner) : Exception(message, inner);
