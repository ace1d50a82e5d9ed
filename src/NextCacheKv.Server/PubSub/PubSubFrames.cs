using System.Buffers;
using NextCacheKv.Protocol;

namespace NextCacheKv.Server.PubSub;

/// <summary>The messages pub/sub sends: RESP2 arrays, RESP3 push frames (<c>&gt;</c>).</summary>
internal static class PubSubFrames
{
    /// <summary>[kind, channel, message] or, with a pattern, [kind, pattern, channel, message].</summary>
    public static byte[] Message(ReadOnlySpan<byte> kind, ReadOnlySpan<byte> pattern, bool hasPattern, ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message, int protocol)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + pattern.Length + channel.Length + message.Length);
        buffer.WritePushHeader(hasPattern ? 4 : 3, protocol);
        buffer.WriteBulkString(kind);
        if (hasPattern) buffer.WriteBulkString(pattern);
        buffer.WriteBulkString(channel);
        buffer.WriteBulkString(message);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A (un)subscribe confirmation: [kind, name or null, subscription count].</summary>
    public static void Confirmation(IBufferWriter<byte> writer, ReadOnlySpan<byte> kind, ReadOnlySpan<byte> name, bool hasName, long count, int protocol)
    {
        writer.WritePushHeader(3, protocol);
        writer.WriteBulkString(kind);
        if (hasName) writer.WriteBulkString(name);
        else writer.WriteNullBulk(protocol);
        writer.WriteInteger(count);
    }
}
