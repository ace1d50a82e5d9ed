using System.Buffers.Text;

namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>
/// Finds where one complete RESP2/RESP3 reply ends, without interpreting it, so tests can compare raw bytes.
/// </summary>
public static class RespFraming
{
    /// <summary>Length of the first complete reply in <paramref name="buffer"/>, or -1 when more bytes are needed.</summary>
    public static int MeasureReply(ReadOnlySpan<byte> buffer)
    {
        return MeasureFrom(buffer, 0);
    }

    private static int MeasureFrom(ReadOnlySpan<byte> buffer, int start)
    {
        int lineEnd = FindLineEnd(buffer, start);
        if (lineEnd < 0)
            return -1;
        int afterLine = lineEnd + 2;
        var header = buffer[(start + 1)..lineEnd];

        switch ((char)buffer[start])
        {
            case '+' or '-' or ':' or '_' or ',' or '#' or '(':
                return afterLine - start;
            case '$' or '!' or '=':
                return MeasureBlob(buffer, start, header, afterLine);
            case '*' or '~' or '>':
                return MeasureElements(buffer, start, afterLine, ParseCount(header));
            case '%':
                return MeasureElements(buffer, start, afterLine, ParseCount(header) * 2);
            case '|':
                // An attribute map is followed by the reply it annotates; both belong to this reply.
                return MeasureElements(buffer, start, afterLine, ParseCount(header) * 2 + 1);
            default:
                throw new FormatException($"Unknown RESP type byte 0x{buffer[start]:x2} at offset {start}: {RespText.Escape(buffer[start..])}");
        }
    }

    private static int MeasureBlob(ReadOnlySpan<byte> buffer, int start, ReadOnlySpan<byte> header, int afterLine)
    {
        long length = ParseCount(header);
        if (length < 0)
            return afterLine - start; // RESP2 null bulk string: $-1
        long end = afterLine + length + 2;
        if (end > buffer.Length)
            return -1;
        if (buffer[(int)end - 2] != '\r' || buffer[(int)end - 1] != '\n')
            throw new FormatException($"Blob of length {length} is not followed by CRLF: {RespText.Escape(buffer[start..])}");
        return (int)end - start;
    }

    private static int MeasureElements(ReadOnlySpan<byte> buffer, int start, int afterLine, long count)
    {
        int position = afterLine;
        for (long i = 0; i < count; i++) // a negative count (RESP2 null array *-1) has no elements
        {
            if (position >= buffer.Length)
                return -1;
            int length = MeasureFrom(buffer, position);
            if (length < 0)
                return -1;
            position += length;
        }
        return position - start;
    }

    private static int FindLineEnd(ReadOnlySpan<byte> buffer, int start)
    {
        int index = buffer[start..].IndexOf("\r\n"u8);
        return index < 0 ? -1 : start + index;
    }

    private static long ParseCount(ReadOnlySpan<byte> header)
    {
        if (header.Length > 0 && header[0] == '?')
            throw new FormatException("Streamed RESP3 aggregates ('?' lengths) are not supported by the test client.");
        if (!Utf8Parser.TryParse(header, out long count, out int consumed) || consumed != header.Length)
            throw new FormatException($"Invalid RESP length '{RespText.Escape(header)}'.");
        return count;
    }
}
