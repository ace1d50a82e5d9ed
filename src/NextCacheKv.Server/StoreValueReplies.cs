using System.Buffers;
using System.IO.Pipelines;
using NextCacheKv.Protocol;
using NextCacheKv.Server.Transport;

namespace NextCacheKv.Server;

/// <summary>
/// Values the store hands to a reply sink: a large one leaves for the socket from the store's own memory
/// (<see cref="SocketWriter.WriteBulkDirect"/>) instead of being copied into the reply buffer first.
/// </summary>
internal static class StoreValueReplies
{
    /// <summary><c>$len\r\nvalue\r\n</c>.</summary>
    public static void WriteBulk(PipeWriter writer, ReadOnlySpan<byte> value)
    {
        if (value.Length >= SocketWriter.DirectSendMinimum && writer is SocketWriter socket) socket.WriteBulkDirect(value);
        else writer.WriteBulkString(value);
    }

    /// <summary>One chunk of a value stored in chunks, after its header.</summary>
    public static void WritePart(PipeWriter writer, ReadOnlySpan<byte> part)
    {
        if (part.Length >= SocketWriter.DirectSendMinimum && writer is SocketWriter socket) socket.WriteDirect(part, endsBulk: false);
        else writer.Write(part);
    }
}
