namespace NextCacheKv.Storage;

/// <summary>
/// Receives a Next.js entry for NEXTGET: first its header fields, then its value through the
/// <see cref="IValueSink"/> methods (whole, or streamed chunk by chunk for a large entry).
/// </summary>
public interface IEntrySink : IValueSink
{
    void WriteEntryHeader(double timestamp, long staleAt, ReadOnlySpan<byte> meta, ReadOnlySpan<byte> encodedTags);
}
