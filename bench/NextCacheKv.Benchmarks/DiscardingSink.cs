using NextCacheKv.Storage;

namespace NextCacheKv.Benchmarks;

/// <summary>Receives values and does nothing, to time the store alone.</summary>
internal sealed class DiscardingSink : IValueSink
{
    public int Values { get; private set; }

    public void Write(ReadOnlySpan<byte> value) => Values++;

    public void Begin(long length) => Values++;

    public void Append(ReadOnlySpan<byte> part)
    {
    }

    public void End()
    {
    }
}
