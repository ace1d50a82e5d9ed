using System.Buffers;
using NextCacheKv.Protocol;
using NextCacheKv.Storage;

namespace NextCacheKv.Server;

/// <summary>
/// Writes a NEXTGET hit straight from the log into the reply: [ts, staleAt, meta, [tags…], value],
/// the value last so a large one streams chunk by chunk after the small fields.
/// </summary>
internal sealed class EntryReplySink : IEntrySink
{
    /// <summary>Headers up to this size are formatted into one span; larger ones (big META, many tags) part by part.</summary>
    private const int SingleSpanLimit = 4096;

    private readonly CommandContext context;
    private readonly byte[] timestampText = new byte[RespDouble.MaxFormattedLength];

    public EntryReplySink(CommandContext context) => this.context = context;

    public bool Wrote { get; private set; }

    public void Reset() => Wrote = false;

    public void WriteEntryHeader(double timestamp, long staleAt, ReadOnlySpan<byte> meta, ReadOnlySpan<byte> encodedTags)
    {
        // A field rather than stackalloc: a method with stackalloc is compiled once, without profile-guided tiering.
        var text = timestampText.AsSpan();
        RespDouble.TryFormatRoundTrip(timestamp, text, out int textLength);
        int tagCount = TagList.Count(encodedTags);
        // The encoded list holds each tag's bytes plus two per tag; a bulk string needs a header and CRLF instead.
        long room = 3L * RespSpanFormatter.HeaderSize + RespSpanFormatter.BulkStringSize(textLength)
            + RespSpanFormatter.BulkStringSize(meta.Length) + encodedTags.Length + (long)tagCount * RespSpanFormatter.BulkStringSize(0);
        var writer = context.Writer;
        if (room <= SingleSpanLimit)
        {
            // The usual case: every field in one span of the pipe.
            var reply = new RespSpanFormatter(writer.GetSpan((int)room));
            reply.ArrayHeader(5);
            reply.BulkString(text[..textLength]);
            reply.Integer(staleAt);
            reply.BulkString(meta);
            reply.ArrayHeader(tagCount);
            foreach (var tag in TagList.Enumerate(encodedTags)) reply.BulkString(tag);
            writer.Advance(reply.Written);
        }
        else
        {
            writer.WriteArrayHeader(5);
            writer.WriteBulkString(text[..textLength]);
            writer.WriteInteger(staleAt);
            writer.WriteBulkString(meta);
            writer.WriteArrayHeader(tagCount);
            foreach (var tag in TagList.Enumerate(encodedTags)) writer.WriteBulkString(tag);
        }
        Wrote = true;
    }

    public void Write(ReadOnlySpan<byte> value) => StoreValueReplies.WriteBulk(context.Writer, value);

    public void Begin(long length) => context.Writer.WriteBulkStringHeader(length);

    public void Append(ReadOnlySpan<byte> part) => StoreValueReplies.WritePart(context.Writer, part);

    public void End() => context.Writer.WriteCrlf();
}
