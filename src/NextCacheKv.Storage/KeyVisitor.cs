namespace NextCacheKv.Storage;

/// <summary>Receives one live key of a database during a scan; return false to stop.</summary>
public delegate bool KeyVisitor(ReadOnlySpan<byte> key, ValueKind kind);
