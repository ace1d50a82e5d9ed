namespace NextCacheKv.Storage;

/// <summary>A sink that keeps a copy of the value, for internal records and multi-key commands.</summary>
public sealed class CapturingSink : IValueSink
{
    public byte[]? Captured { get; private set; }

    public void Write(ReadOnlySpan<byte> value) => Captured = value.ToArray();

    public void Reset() => Captured = null;
}
