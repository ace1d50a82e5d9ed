using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace NextCacheKv.Protocol;

/// <summary>
/// Allocation-free RESP reply encoding onto any <see cref="IBufferWriter{T}"/> (a PipeWriter in the server).
/// Methods taking a protocol version emit RESP3 types when it is 3 or more and their RESP2 fallback otherwise.
/// </summary>
public static partial class RespWriter
{
    // Prefix byte, "-9223372036854775808", CRLF.
    private const int MaxHeaderLength = 1 + 20 + 2;

    // Payloads up to this size go out with one GetSpan call; larger ones are copied in chunks so the writer
    // never has to provide one huge contiguous block.
    private const int SingleSpanPayloadLimit = 4096;

    /// <summary><c>+text\r\n</c>. CR and LF inside the text are replaced by spaces so they cannot break the framing.</summary>
    public static void WriteSimpleString(this IBufferWriter<byte> writer, ReadOnlySpan<byte> text) =>
        WriteLine(writer, (byte)'+', text);

    /// <summary><c>+text\r\n</c> with the text encoded as UTF-8 (ASCII in practice).</summary>
    public static void WriteSimpleString(this IBufferWriter<byte> writer, string text) =>
        WriteLine(writer, (byte)'+', text);

    /// <summary><c>-message\r\n</c>; the message includes its code, e.g. "ERR syntax error" or "WRONGTYPE ...".</summary>
    public static void WriteError(this IBufferWriter<byte> writer, ReadOnlySpan<byte> fullMessageWithoutDash) =>
        WriteLine(writer, (byte)'-', fullMessageWithoutDash);

    /// <inheritdoc cref="WriteError(IBufferWriter{byte}, ReadOnlySpan{byte})"/>
    public static void WriteError(this IBufferWriter<byte> writer, string fullMessageWithoutDash) =>
        WriteLine(writer, (byte)'-', fullMessageWithoutDash);

    /// <summary><c>:value\r\n</c>.</summary>
    public static void WriteInteger(this IBufferWriter<byte> writer, long value) =>
        WriteHeader(writer, (byte)':', value);

    /// <summary><c>$len\r\nbytes\r\n</c>.</summary>
    public static void WriteBulkString(this IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        if (value.Length > SingleSpanPayloadLimit)
        {
            WriteHeader(writer, (byte)'$', value.Length);
            writer.Write(value);
            WriteCrlf(writer);
            return;
        }

        Span<byte> span = writer.GetSpan(MaxHeaderLength + value.Length + 2);
        int length = FormatHeader(span, (byte)'$', value.Length);
        value.CopyTo(span[length..]);
        length += value.Length;
        length += FormatCrlf(span[length..]);
        writer.Advance(length);
    }

    /// <summary><c>$len\r\nbytes\r\n</c> for a value held in several segments.</summary>
    public static void WriteBulkString(this IBufferWriter<byte> writer, in ReadOnlySequence<byte> value)
    {
        if (value.IsSingleSegment)
        {
            WriteBulkString(writer, value.FirstSpan);
            return;
        }

        WriteHeader(writer, (byte)'$', value.Length);
        foreach (ReadOnlyMemory<byte> segment in value)
        {
            writer.Write(segment.Span);
        }

        WriteCrlf(writer);
    }

    /// <summary><c>$len\r\ntext\r\n</c> with the text encoded as UTF-8.</summary>
    public static void WriteBulkString(this IBufferWriter<byte> writer, string text)
    {
        int byteCount = Encoding.UTF8.GetByteCount(text);
        Span<byte> span = writer.GetSpan(MaxHeaderLength + byteCount + 2);
        int length = FormatHeader(span, (byte)'$', byteCount);
        length += Encoding.UTF8.GetBytes(text, span[length..]);
        length += FormatCrlf(span[length..]);
        writer.Advance(length);
    }

    /// <summary>
    /// <c>$len\r\n</c> only, to stream a value in parts: write exactly <paramref name="length"/> bytes next,
    /// then <see cref="WriteCrlf"/>.
    /// </summary>
    public static void WriteBulkStringHeader(this IBufferWriter<byte> writer, long length) =>
        WriteHeader(writer, (byte)'$', length);

    /// <summary><c>\r\n</c>.</summary>
    public static void WriteCrlf(this IBufferWriter<byte> writer)
    {
        writer.Advance(FormatCrlf(writer.GetSpan(2)));
    }

    /// <summary><c>*count\r\n</c>.</summary>
    public static void WriteArrayHeader(this IBufferWriter<byte> writer, int count) =>
        WriteHeader(writer, (byte)'*', count);

    /// <summary>An array header for a count beyond int (a reply streamed in parts, such as a huge random sample).</summary>
    public static void WriteArrayHeader(this IBufferWriter<byte> writer, long count) =>
        WriteHeader(writer, (byte)'*', count);

    /// <summary>Writes pre-encoded bytes, such as a <see cref="RespLiterals"/> reply, unchanged.</summary>
    public static void WriteRaw(this IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes) => writer.Write(bytes);

    /// <summary><paramref name="prefix"/>number CRLF, e.g. ":42\r\n" or "*3\r\n".</summary>
    private static void WriteHeader(IBufferWriter<byte> writer, byte prefix, long value)
    {
        writer.Advance(FormatHeader(writer.GetSpan(MaxHeaderLength), prefix, value));
    }

    private static int FormatHeader(Span<byte> span, byte prefix, long value)
    {
        span[0] = prefix;
        Utf8Formatter.TryFormat(value, span[1..], out int digits);
        return 1 + digits + FormatCrlf(span[(1 + digits)..]);
    }

    private static int FormatCrlf(Span<byte> span)
    {
        span[0] = (byte)'\r';
        span[1] = (byte)'\n';
        return 2;
    }

    private static void WriteLine(IBufferWriter<byte> writer, byte prefix, ReadOnlySpan<byte> text)
    {
        if (text.Length > SingleSpanPayloadLimit)
        {
            writer.GetSpan(1)[0] = prefix;
            writer.Advance(1);
            WriteSanitizedChunks(writer, text);
            WriteCrlf(writer);
            return;
        }

        Span<byte> span = writer.GetSpan(text.Length + 3);
        span[0] = prefix;
        Span<byte> body = span.Slice(1, text.Length);
        text.CopyTo(body);
        ReplaceLineBreaks(body);
        FormatCrlf(span[(1 + text.Length)..]);
        writer.Advance(text.Length + 3);
    }

    private static void WriteLine(IBufferWriter<byte> writer, byte prefix, string text)
    {
        int byteCount = Encoding.UTF8.GetByteCount(text);
        Span<byte> span = writer.GetSpan(byteCount + 3);
        span[0] = prefix;
        Encoding.UTF8.GetBytes(text, span[1..]);
        ReplaceLineBreaks(span.Slice(1, byteCount));
        FormatCrlf(span[(1 + byteCount)..]);
        writer.Advance(byteCount + 3);
    }

    private static void WriteSanitizedChunks(IBufferWriter<byte> writer, ReadOnlySpan<byte> text)
    {
        while (!text.IsEmpty)
        {
            Span<byte> span = writer.GetSpan();
            int take = Math.Min(span.Length, text.Length);
            text[..take].CopyTo(span);
            ReplaceLineBreaks(span[..take]);
            writer.Advance(take);
            text = text[take..];
        }
    }

    /// <summary>Simple strings and errors cannot carry CR or LF; Redis also turns them into spaces in formatted errors.</summary>
    private static void ReplaceLineBreaks(Span<byte> text)
    {
        if (text.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
        {
            text.Replace((byte)'\r', (byte)' ');
            text.Replace((byte)'\n', (byte)' ');
        }
    }
}
