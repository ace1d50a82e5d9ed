namespace NextCacheKv.Storage;

/// <summary>Byte 0 of a value header: how the value's bytes are stored. New layouts get new numbers.</summary>
public enum ValueLayout : byte
{
    /// <summary>The bytes follow the header in the same record.</summary>
    Inline = 1,
    /// <summary>The record holds a <see cref="ChunkManifest"/>; the bytes live in chunk records.</summary>
    Chunked = 2,
}
