namespace NextCacheKv.Storage;

/// <summary>A sink that keeps a copy of the value, for internal records and multi-key commands.</summary>
public sealed class CapturingSink : IValueSink
{
    private int filled;

    public byte[]? Captured { get; private set; }

    public void Write(ReadOnlySpan<byte> value) => Captured = value.ToArray();

    public void Begin(long length)
    {
        Captured = new byte[length];
        filled = 0;
    }

    public void Append(ReadOnlySpan<byte> part)
    {
        part.CopyTo(Captured.AsSpan(filled));
        filled += part.Length;
    }

    public void End()
    {
    }

    public void Reset() => Captured = null;
}
