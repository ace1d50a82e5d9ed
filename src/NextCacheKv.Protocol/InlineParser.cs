using System.Buffers;

namespace NextCacheKv.Protocol;

/// <summary>
/// Parses an inline (telnet style) request: one line ended by '\n' with an optional '\r' before it, following
/// Redis 7's processInlineBuffer. Blank lines produce no request.
/// </summary>
/// <remarks>
/// Redis rejects an unterminated line once more than PROTO_INLINE_MAX_SIZE bytes are buffered, so whether a
/// slightly longer complete line passes depends on how it was chunked by the network. To stay deterministic we
/// also reject a complete line whose bytes before '\n' exceed <see cref="ProtocolLimits.MaxInlineLength"/>.
/// </remarks>
internal static class InlineParser
{
    public static ParseStep Parse(
        in ReadOnlySequence<byte> buffer,
        RespRequest request,
        ProtocolLimits limits,
        out SequencePosition end,
        out string? error)
    {
        ref ParseProgress progress = ref request.Progress;
        end = default;
        error = null;
        var cursor = new SequenceCursor(buffer);

        long newline = -1;
        if (!progress.TerminatorBlocked)
        {
            // Redis finds the line end with strchr, which stops at a NUL byte.
            newline = cursor.IndexOfTerminator((byte)'\n', 0, progress.Scanned, out bool stopped);
            progress.TerminatorBlocked = stopped;
        }

        if (newline < 0)
        {
            progress.Scanned = progress.TerminatorBlocked ? 0 : cursor.Remaining;
            error = cursor.Remaining > limits.MaxInlineLength ? ProtocolErrors.TooBigInlineRequest
                : cursor.Remaining > limits.EffectiveQueryBufferLimit ? ProtocolErrors.QueryBufferLimitExceeded
                : null;
            return error is null ? ParseStep.Incomplete : ParseStep.Error;
        }

        if (newline > limits.MaxInlineLength)
        {
            error = ProtocolErrors.TooBigInlineRequest;
            return ParseStep.Error;
        }

        if (newline + 1 > limits.EffectiveQueryBufferLimit)
        {
            error = ProtocolErrors.QueryBufferLimitExceeded;
            return ParseStep.Error;
        }

        int lineLength = (int)newline;
        bool split = cursor.UnreadSpan.Length > lineLength
            ? SplitInPlace(cursor.UnreadMemory[..lineLength], request, limits, out error)
            : SplitGathered(cursor, lineLength, request, limits, out error);
        if (!split)
        {
            return ParseStep.Error;
        }

        cursor.Advance(newline + 1);
        end = cursor.Position;
        return request.ParsedCount == 0 ? ParseStep.Ignored : ParseStep.Complete;
    }

    /// <summary>The line lies in one segment: unquoted arguments point into it, unescaped ones go to scratch.</summary>
    private static bool SplitInPlace(ReadOnlyMemory<byte> line, RespRequest request, ProtocolLimits limits, out string? error)
    {
        line = WithoutCarriageReturn(line);
        Memory<byte> unescaped = line.Span.IndexOfAny((byte)'"', (byte)'\'') >= 0
            ? request.ScratchMemory(request.ReserveScratch(line.Length), line.Length)
            : Memory<byte>.Empty;
        return InlineArgumentSplitter.TrySplit(line, unescaped, request, limits.MaxArguments, out error);
    }

    /// <summary>The line spans segments: copy it into scratch, with room behind it for unescaped arguments.</summary>
    private static bool SplitGathered(
        SequenceCursor cursor,
        int lineLength,
        RespRequest request,
        ProtocolLimits limits,
        out string? error)
    {
        // Reserve both parts at once: scratch must not move while arguments point into it.
        int offset = request.ReserveScratch(checked(lineLength * 2));
        Memory<byte> line = request.ScratchMemory(offset, lineLength);
        cursor.CopyTo(line.Span);
        ReadOnlyMemory<byte> trimmed = WithoutCarriageReturn(line);
        Memory<byte> unescaped = request.ScratchMemory(offset + lineLength, trimmed.Length);
        return InlineArgumentSplitter.TrySplit(trimmed, unescaped, request, limits.MaxArguments, out error);
    }

    private static ReadOnlyMemory<byte> WithoutCarriageReturn(ReadOnlyMemory<byte> line) =>
        !line.IsEmpty && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
}
