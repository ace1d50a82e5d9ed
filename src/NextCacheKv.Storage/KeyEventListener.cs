namespace NextCacheKv.Storage;

/// <summary>Told about a key the store changed on its own (expiry), by database and key.</summary>
public delegate void KeyEventListener(int db, ReadOnlySpan<byte> key);
