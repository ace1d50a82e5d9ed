namespace NextCacheKv.Protocol;

/// <summary>Complete, pre-encoded replies for the most common answers; write them with <c>writer.Write(RespLiterals.Ok)</c>.</summary>
public static class RespLiterals
{
    public static ReadOnlySpan<byte> Ok => "+OK\r\n"u8;

    public static ReadOnlySpan<byte> Pong => "+PONG\r\n"u8;

    public static ReadOnlySpan<byte> Queued => "+QUEUED\r\n"u8;

    /// <summary>RESP2 null bulk string; use <see cref="RespWriter.WriteNullBulk"/> when the protocol version varies.</summary>
    public static ReadOnlySpan<byte> NullBulk2 => "$-1\r\n"u8;

    /// <summary>RESP2 null array.</summary>
    public static ReadOnlySpan<byte> NullArray2 => "*-1\r\n"u8;

    /// <summary>RESP3 null.</summary>
    public static ReadOnlySpan<byte> Null3 => "_\r\n"u8;

    public static ReadOnlySpan<byte> EmptyArray => "*0\r\n"u8;

    public static ReadOnlySpan<byte> EmptyBulk => "$0\r\n\r\n"u8;

    public static ReadOnlySpan<byte> Zero => ":0\r\n"u8;

    public static ReadOnlySpan<byte> One => ":1\r\n"u8;

    public static ReadOnlySpan<byte> MinusOne => ":-1\r\n"u8;

    public static ReadOnlySpan<byte> Crlf => "\r\n"u8;
}
