using System.Buffers;

namespace NextCacheKv.Protocol;

/// <summary>
/// Parses client requests (RESP multibulk arrays and inline lines) with Redis 7's rules and error texts.
/// </summary>
/// <remarks>
/// Typical loop on a connection:
/// <code>
/// while (TryParse(ref buffer, request, limits, out error) == RespParseStatus.Complete) { Execute(request); }
/// // Incomplete: reader.AdvanceTo(buffer.Start, buffer.End) and read more; Error: reply "-ERR " + error, close.
/// </code>
/// Requests that arrive over several reads are parsed incrementally: the <see cref="RespRequest"/> remembers how far
/// it got, provided the next call passes a buffer that starts at the same position (as a PipeReader does when
/// nothing was consumed). A buffer that starts elsewhere makes it start over.
/// </remarks>
public static class RespReader
{
    /// <summary>
    /// Parses one request from the start of <paramref name="buffer"/>.
    /// </summary>
    /// <returns>
    /// <see cref="RespParseStatus.Complete"/>: <paramref name="request"/> holds the arguments and
    /// <paramref name="buffer"/> was sliced past the request.
    /// <see cref="RespParseStatus.Incomplete"/>: more bytes are needed; <paramref name="buffer"/> was only advanced past
    /// frames Redis ignores (<c>*0</c>, <c>*-1</c>, blank inline lines), never into the unfinished request.
    /// <see cref="RespParseStatus.Error"/>: <paramref name="protocolError"/> has the Redis text without "-ERR ";
    /// the connection should be closed after replying.
    /// </returns>
    public static RespParseStatus TryParse(
        ref ReadOnlySequence<byte> buffer,
        RespRequest request,
        ProtocolLimits limits,
        out string? protocolError)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);

        request.PrepareForParse(buffer);
        while (true)
        {
            ref ParseProgress progress = ref request.Progress;
            if (progress.Phase == ParsePhase.None)
            {
                if (buffer.IsEmpty)
                {
                    protocolError = null;
                    return RespParseStatus.Incomplete;
                }

                ReadOnlyMemory<byte> first = buffer.First;
                if (!first.IsEmpty
                    && first.Span[0] == (byte)'*'
                    && MultibulkFastPath.TryParse(first, request, limits, out int consumed))
                {
                    request.Publish(isInline: false);
                    buffer = buffer.Slice(consumed);
                    protocolError = null;
                    return RespParseStatus.Complete;
                }

                // Like Redis, the first byte of each request picks the format.
                progress.Begin(FirstByte(buffer) == (byte)'*' ? ParsePhase.MultibulkCount : ParsePhase.Inline, buffer.Start);
            }

            bool isInline = progress.Phase == ParsePhase.Inline;
            ParseStep step = isInline
                ? InlineParser.Parse(buffer, request, limits, out SequencePosition end, out protocolError)
                : MultibulkParser.Parse(buffer, request, limits, out end, out protocolError);
            switch (step)
            {
                case ParseStep.Complete:
                    request.Publish(isInline);
                    buffer = buffer.Slice(end);
                    return RespParseStatus.Complete;
                case ParseStep.Ignored:
                    request.StartNewRequest();
                    buffer = buffer.Slice(end);
                    continue;
                case ParseStep.Incomplete:
                    return RespParseStatus.Incomplete;
                default:
                    request.Clear();
                    return RespParseStatus.Error;
            }
        }
    }

    private static byte FirstByte(in ReadOnlySequence<byte> buffer)
    {
        ReadOnlySpan<byte> first = buffer.FirstSpan;
        if (!first.IsEmpty)
        {
            return first[0];
        }

        // Only sequences that begin with an empty segment get here.
        foreach (ReadOnlyMemory<byte> segment in buffer)
        {
            if (!segment.IsEmpty)
            {
                return segment.Span[0];
            }
        }

        throw new InvalidOperationException("A non-empty sequence has no bytes.");
    }
}
