namespace NextCacheKv.Storage;

/// <summary>A large value's chunk vanished while it was being streamed (the value was replaced long ago).</summary>
public sealed class ChunkMissingException(string message) : IOException(message);
