namespace NextCacheKv.Storage;

/// <summary>Forwards one chunk's bytes to the outer sink as a part of the whole value.</summary>
internal sealed class ChunkPartSink : IValueSink
{
    public IValueSink? Outer { get; set; }
    public bool Wrote { get; private set; }

    public void Write(ReadOnlySpan<byte> value)
    {
        Outer!.Append(value);
        Wrote = true;
    }

    public void Reset() => Wrote = false;

    public void Begin(long length) => throw new NotSupportedException();
    public void Append(ReadOnlySpan<byte> part) => throw new NotSupportedException();
    public void End() => throw new NotSupportedException();
}

/// <summary>Passes on only the bytes of a value that fall inside [offset, offset + count) (GETRANGE).</summary>
internal sealed class RangeSink(IValueSink outer, long offset, long count, long firstPosition) : IValueSink
{
    private long position = firstPosition;

    public void Write(ReadOnlySpan<byte> value) => throw new NotSupportedException();

    public void Begin(long length) => outer.Begin(count);

    public void Append(ReadOnlySpan<byte> part)
    {
        long start = Math.Max(offset, position), end = Math.Min(offset + count, position + part.Length);
        if (end > start) outer.Append(part.Slice((int)(start - position), (int)(end - start)));
        position += part.Length;
    }

    public void End() => outer.End();
}
