using System.Buffers;
using System.Globalization;
using NextCacheKv.Protocol;
using NextCacheKv.Storage;

namespace NextCacheKv.Server;

/// <summary>
/// Writes a NEXTGET hit straight from the log into the reply: [ts, staleAt, meta, [tags…], value],
/// the value last so a large one streams chunk by chunk after the small fields.
/// </summary>
internal sealed class EntryReplySink : IEntrySink
{
    private readonly CommandContext context;

    public EntryReplySink(CommandContext context) => this.context = context;

    public bool Wrote { get; private set; }

    public void Reset() => Wrote = false;

    public void WriteEntryHeader(double timestamp, long staleAt, ReadOnlySpan<byte> meta, ReadOnlySpan<byte> encodedTags)
    {
        var writer = context.Writer;
        writer.WriteArrayHeader(5);
        Span<byte> text = stackalloc byte[32];
        timestamp.TryFormat(text, out int written, "R", CultureInfo.InvariantCulture);
        writer.WriteBulkString(text[..written]);
        writer.WriteInteger(staleAt);
        writer.WriteBulkString(meta);
        writer.WriteArrayHeader(TagList.Count(encodedTags));
        foreach (var tag in TagList.Enumerate(encodedTags)) writer.WriteBulkString(tag);
        Wrote = true;
    }

    public void Write(ReadOnlySpan<byte> value) => context.Writer.WriteBulkString(value);

    public void Begin(long length) => context.Writer.WriteBulkStringHeader(length);

    public void Append(ReadOnlySpan<byte> part) => context.Writer.Write(part);

    public void End() => context.Writer.WriteCrlf();
}
