using System.Buffers;

namespace NextCacheKv.Protocol;

/// <summary>Reply types that differ between RESP2 and RESP3 (nulls, maps, sets, pushes, doubles, booleans, verbatim strings).</summary>
public static partial class RespWriter
{
    private const int Resp3 = 3;

    /// <summary>RESP2 <c>$-1\r\n</c>, RESP3 <c>_\r\n</c>.</summary>
    public static void WriteNullBulk(this IBufferWriter<byte> writer, int protocolVersion) =>
        writer.Write(protocolVersion >= Resp3 ? RespLiterals.Null3 : RespLiterals.NullBulk2);

    /// <summary>RESP2 <c>*-1\r\n</c>, RESP3 <c>_\r\n</c>.</summary>
    public static void WriteNullArray(this IBufferWriter<byte> writer, int protocolVersion) =>
        writer.Write(protocolVersion >= Resp3 ? RespLiterals.Null3 : RespLiterals.NullArray2);

    /// <summary>RESP3 <c>%pairs\r\n</c>; RESP2 a flat array <c>*(2·pairs)\r\n</c> of alternating keys and values.</summary>
    public static void WriteMapHeader(this IBufferWriter<byte> writer, int pairs, int protocolVersion)
    {
        if (protocolVersion >= Resp3)
        {
            WriteHeader(writer, (byte)'%', pairs);
        }
        else
        {
            WriteHeader(writer, (byte)'*', 2L * pairs);
        }
    }

    /// <summary>RESP3 <c>~count\r\n</c>, RESP2 <c>*count\r\n</c>.</summary>
    public static void WriteSetHeader(this IBufferWriter<byte> writer, int count, int protocolVersion) =>
        WriteHeader(writer, protocolVersion >= Resp3 ? (byte)'~' : (byte)'*', count);

    /// <summary>RESP3 <c>&gt;count\r\n</c>, RESP2 <c>*count\r\n</c> (pub/sub messages).</summary>
    public static void WritePushHeader(this IBufferWriter<byte> writer, int count, int protocolVersion) =>
        WriteHeader(writer, protocolVersion >= Resp3 ? (byte)'>' : (byte)'*', count);

    /// <summary>
    /// RESP3 <c>,text\r\n</c>, RESP2 a bulk string of the same text, formatted like C "%.17g"
    /// (see <see cref="RespDouble.TryFormat"/>).
    /// </summary>
    public static void WriteDouble(this IBufferWriter<byte> writer, double value, int protocolVersion)
    {
        Span<byte> text = stackalloc byte[RespDouble.MaxFormattedLength];
        RespDouble.TryFormat(value, text, out int length);
        text = text[..length];
        if (protocolVersion < Resp3)
        {
            WriteBulkString(writer, text);
            return;
        }

        Span<byte> span = writer.GetSpan(length + 3);
        span[0] = (byte)',';
        text.CopyTo(span[1..]);
        FormatCrlf(span[(1 + length)..]);
        writer.Advance(length + 3);
    }

    /// <summary>RESP3 <c>#t\r\n</c> / <c>#f\r\n</c>, RESP2 the integers 1 / 0.</summary>
    public static void WriteBoolean(this IBufferWriter<byte> writer, bool value, int protocolVersion)
    {
        ReadOnlySpan<byte> reply = protocolVersion >= Resp3
            ? value ? "#t\r\n"u8 : "#f\r\n"u8
            : value ? RespLiterals.One : RespLiterals.Zero;
        writer.Write(reply);
    }

    /// <summary>RESP3 <c>=len\r\ntxt:text\r\n</c> (len counts the "txt:" prefix), RESP2 a plain bulk string.</summary>
    public static void WriteVerbatimString(this IBufferWriter<byte> writer, ReadOnlySpan<byte> text, int protocolVersion)
    {
        if (protocolVersion < Resp3)
        {
            WriteBulkString(writer, text);
            return;
        }

        WriteVerbatimString(writer, text, protocolVersion, "txt"u8);
    }

    /// <summary>As above with a three-letter <paramref name="format"/> (padded with spaces, cut at three), e.g. "mkd".</summary>
    public static void WriteVerbatimString(this IBufferWriter<byte> writer, ReadOnlySpan<byte> text, int protocolVersion, ReadOnlySpan<byte> format)
    {
        if (protocolVersion < Resp3)
        {
            WriteBulkString(writer, text);
            return;
        }

        Span<byte> prefix = [(byte)' ', (byte)' ', (byte)' ', (byte)':'];
        format[..Math.Min(3, format.Length)].CopyTo(prefix);
        WriteHeader(writer, (byte)'=', (long)prefix.Length + text.Length);
        writer.Write(prefix);
        writer.Write(text);
        WriteCrlf(writer);
    }
}
