using System.Buffers;

namespace NextCacheKv.Protocol;

/// <summary>
/// Parses a multibulk request (<c>*&lt;n&gt;\r\n</c> followed by n <c>$&lt;len&gt;\r\n&lt;bytes&gt;\r\n</c> elements)
/// with the rules and error texts of Redis 7's processMultibulkBuffer. Progress is kept in
/// <see cref="RespRequest.Progress"/> so a request arriving over many reads is parsed once, not from scratch each time.
/// </summary>
internal static class MultibulkParser
{
    // The two bytes after a header's '\r' and after a bulk payload. Redis skips them without checking they are "\r\n".
    private const int LineEndLength = 2;

    private enum LineSearch
    {
        Found,
        Incomplete,
        Error,
    }

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
        long requestLimit = limits.EffectiveQueryBufferLimit;

        // Still waiting for a bulk payload: decide from the buffered length without walking the segments.
        if (progress.Phase == ParsePhase.BulkData
            && buffer.Length - progress.Consumed < progress.BulkLength + LineEndLength)
        {
            return Suspend(buffer, requestLimit, out error);
        }

        var cursor = new SequenceCursor(buffer.Slice(progress.ResumePosition));
        if (progress.Phase == ParsePhase.MultibulkCount)
        {
            LineSearch search = FindHeaderLine(
                ref cursor, ref progress, limits, ProtocolErrors.TooBigMultibulkCountString, out long lineLength, out error);
            if (search != LineSearch.Found)
            {
                return search == LineSearch.Error ? ParseStep.Error : Suspend(buffer, ref progress, cursor, requestLimit, out error);
            }

            if (!TryReadLineNumber(cursor, lineLength, out long count) || count > int.MaxValue)
            {
                error = ProtocolErrors.InvalidMultibulkLength;
                return ParseStep.Error;
            }

            cursor.Advance(lineLength + LineEndLength);
            progress.LineConsumed(lineLength + LineEndLength);
            if (count <= 0)
            {
                // Redis treats "*0" and "*-1" as an empty request and silently moves on.
                end = cursor.Position;
                return ParseStep.Ignored;
            }

            if (count > limits.MaxArguments)
            {
                error = ProtocolErrors.InvalidMultibulkLength;
                return ParseStep.Error;
            }

            request.EnsureArgumentCapacity(count);
            progress.RemainingArguments = (int)count;
            progress.Phase = ParsePhase.BulkHeader;
        }

        while (progress.RemainingArguments > 0)
        {
            if (progress.Phase == ParsePhase.BulkHeader)
            {
                LineSearch search = FindHeaderLine(
                    ref cursor, ref progress, limits, ProtocolErrors.TooBigBulkCountString, out long lineLength, out error);
                if (search != LineSearch.Found)
                {
                    return search == LineSearch.Error ? ParseStep.Error : Suspend(buffer, ref progress, cursor, requestLimit, out error);
                }

                byte marker = cursor.CurrentByte;
                if (marker != (byte)'$')
                {
                    error = ProtocolErrors.ExpectedDollar(marker);
                    return ParseStep.Error;
                }

                if (!TryReadLineNumber(cursor, lineLength, out long bulkLength)
                    || bulkLength < 0
                    || bulkLength > limits.MaxBulkLength)
                {
                    error = ProtocolErrors.InvalidBulkLength;
                    return ParseStep.Error;
                }

                cursor.Advance(lineLength + LineEndLength);
                progress.LineConsumed(lineLength + LineEndLength);

                // Reject an oversized request from its declared sizes, before its payload is buffered.
                if (progress.Consumed + bulkLength + LineEndLength > requestLimit)
                {
                    error = ProtocolErrors.QueryBufferLimitExceeded;
                    return ParseStep.Error;
                }

                progress.BulkLength = bulkLength;
                progress.Phase = ParsePhase.BulkData;
            }

            if (cursor.Remaining < progress.BulkLength + LineEndLength)
            {
                return Suspend(buffer, ref progress, cursor, requestLimit, out error);
            }

            ReadPayload(ref cursor, request, (int)progress.BulkLength);
            cursor.Advance(LineEndLength);
            progress.Consumed += progress.BulkLength + LineEndLength;
            progress.RemainingArguments--;
            progress.Phase = ParsePhase.BulkHeader;
        }

        end = cursor.Position;
        return ParseStep.Complete;
    }

    /// <summary>
    /// Finds the '\r' ending the header line at the cursor the way Redis does: strchr from the line start
    /// (so a NUL hides any later '\r'), and the line counts only once one more byte follows the '\r'.
    /// An unterminated line longer than the inline limit is an error.
    /// </summary>
    private static LineSearch FindHeaderLine(
        ref SequenceCursor cursor,
        ref ParseProgress progress,
        ProtocolLimits limits,
        string tooBigError,
        out long lineLength,
        out string? error)
    {
        lineLength = 0;
        error = null;
        if (!progress.TerminatorBlocked)
        {
            long index = cursor.IndexOfTerminator((byte)'\r', 0, progress.Scanned, out bool stopped);
            if (index >= 0)
            {
                if (index + LineEndLength <= cursor.Remaining)
                {
                    lineLength = index;
                    return LineSearch.Found;
                }

                progress.Scanned = index;
                return LineSearch.Incomplete;
            }

            progress.TerminatorBlocked = stopped;
            progress.Scanned = stopped ? 0 : cursor.Remaining;
        }

        if (cursor.Remaining > limits.MaxInlineLength)
        {
            error = tooBigError;
            return LineSearch.Error;
        }

        return LineSearch.Incomplete;
    }

    /// <summary>Parses the number after the one-byte marker ('*' or '$') of a header line of <paramref name="lineLength"/> bytes.</summary>
    private static bool TryReadLineNumber(in SequenceCursor cursor, long lineLength, out long value)
    {
        long digitCount = lineLength - 1;
        if (digitCount > RespNumbers.MaxInt64Length)
        {
            value = 0;
            return false;
        }

        ReadOnlySpan<byte> unread = cursor.UnreadSpan;
        if (unread.Length >= lineLength)
        {
            return RespNumbers.TryParseInt64(unread.Slice(1, (int)digitCount), out value);
        }

        Span<byte> digits = stackalloc byte[RespNumbers.MaxInt64Length];
        digits = digits[..(int)digitCount];
        cursor.PeekTo(1, digits);
        return RespNumbers.TryParseInt64(digits, out value);
    }

    /// <summary>
    /// Takes a payload in place: as memory when it lies in one segment, otherwise as the segments it spans,
    /// gathered into one piece only if a command asks for it that way (a SET stores it from the segments).
    /// </summary>
    private static void ReadPayload(ref SequenceCursor cursor, RespRequest request, int length)
    {
        if (cursor.UnreadSpan.Length >= length)
        {
            request.AddArgument(cursor.UnreadMemory[..length]);
            cursor.Advance(length);
            return;
        }

        request.AddSplitArgument(cursor.Take(length));
    }

    /// <summary>Remembers where to resume, after checking the buffered part of the request against the size limit.</summary>
    private static ParseStep Suspend(
        in ReadOnlySequence<byte> buffer,
        ref ParseProgress progress,
        in SequenceCursor cursor,
        long requestLimit,
        out string? error)
    {
        progress.ResumePosition = cursor.Position;
        return Suspend(buffer, requestLimit, out error);
    }

    private static ParseStep Suspend(in ReadOnlySequence<byte> buffer, long requestLimit, out string? error)
    {
        // Everything buffered belongs to this unfinished request.
        if (buffer.Length > requestLimit)
        {
            error = ProtocolErrors.QueryBufferLimitExceeded;
            return ParseStep.Error;
        }

        error = null;
        return ParseStep.Incomplete;
    }
}
