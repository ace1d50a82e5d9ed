namespace NextCacheKv.Storage;

/// <summary>
/// Receives value bytes straight from the log, so a reply can be written without an intermediate copy.
/// The storage layer calls it at most once per operation, on the thread that runs the operation.
/// </summary>
public interface IValueSink
{
    void Write(ReadOnlySpan<byte> value);
}
