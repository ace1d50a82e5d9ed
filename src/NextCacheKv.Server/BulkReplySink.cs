using System.Buffers;
using System.IO.Pipelines;
using NextCacheKv.Protocol;
using NextCacheKv.Storage;

namespace NextCacheKv.Server;

/// <summary>Writes a value the store hands over as a RESP bulk string, straight into the output pipe.</summary>
internal sealed class BulkReplySink : IValueSink
{
    private readonly CommandContext context;

    public BulkReplySink(CommandContext context) => this.context = context;

    private PipeWriter writer => context.Writer;

    /// <summary>True once a value was written for the current command.</summary>
    public bool Wrote { get; private set; }

    public void Reset() => Wrote = false;

    public void Write(ReadOnlySpan<byte> value)
    {
        StoreValueReplies.WriteBulk(writer, value);
        Wrote = true;
    }

    public void Begin(long length)
    {
        writer.WriteBulkStringHeader(length);
        Wrote = true;
    }

    public void Append(ReadOnlySpan<byte> part) => StoreValueReplies.WritePart(writer, part);

    public void End() => writer.WriteCrlf();
}
