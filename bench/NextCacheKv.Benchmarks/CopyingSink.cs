using System.Buffers;
using NextCacheKv.Storage;

namespace NextCacheKv.Benchmarks;

/// <summary>Copies each value into one reused buffer, the cost a reply writer pays at least.</summary>
internal sealed class CopyingSink : IValueSink
{
    private readonly ArrayBufferWriter<byte> buffer = new(1024);

    public int LastLength => buffer.WrittenCount;

    public void Write(ReadOnlySpan<byte> value)
    {
        buffer.ResetWrittenCount();
        buffer.Write(value);
    }

    public void Begin(long length) => buffer.ResetWrittenCount();

    public void Append(ReadOnlySpan<byte> part) => buffer.Write(part);

    public void End()
    {
    }
}
