namespace NextCacheKv.Storage;

/// <summary>
/// Receives value bytes straight from the log, so a reply can be written without an intermediate copy.
/// A value arrives either whole through <see cref="Write"/>, or, when it is stored in chunks, as
/// <see cref="Begin"/>, one <see cref="Append"/> per chunk, and <see cref="End"/>.
/// </summary>
public interface IValueSink
{
    void Write(ReadOnlySpan<byte> value);

    void Begin(long length);

    void Append(ReadOnlySpan<byte> part);

    void End();
}
