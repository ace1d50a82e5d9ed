namespace NextCacheKv.Protocol;

/// <summary>
/// Parses the common case, a well-formed multibulk request lying entirely in one contiguous segment, with plain
/// span arithmetic. Anything else (incomplete, malformed, over a limit, an ignored "*0") is declined and left to
/// <see cref="MultibulkParser"/>, which owns the exact Redis error behaviour and resumable progress.
/// </summary>
internal static class MultibulkFastPath
{
    public static bool TryParse(ReadOnlyMemory<byte> segment, RespRequest request, ProtocolLimits limits, out int consumed)
    {
        consumed = 0;
        ReadOnlySpan<byte> span = segment.Span;
        if (!TryReadHeader(span, 0, out long count, out int position)
            || count <= 0
            || count > limits.MaxArguments)
        {
            return false;
        }

        request.EnsureArgumentCapacity(count);
        long maxBulkLength = limits.MaxBulkLength;
        long requestLimit = limits.EffectiveQueryBufferLimit;
        for (long i = 0; i < count; i++)
        {
            if (position >= span.Length
                || span[position] != (byte)'$'
                || !TryReadHeader(span, position, out long length, out position)
                || length < 0
                || length > maxBulkLength
                || position + length + 2 > requestLimit
                || span.Length - position < length + 2)
            {
                request.StartNewRequest();
                return false;
            }

            request.AddArgument(segment.Slice(position, (int)length));
            position += (int)length + 2;
        }

        consumed = position;
        return true;
    }

    /// <summary>Reads the number of the header line at <paramref name="start"/> (marker byte, digits, '\r', one more byte).</summary>
    private static bool TryReadHeader(ReadOnlySpan<byte> span, int start, out long value, out int next)
    {
        value = 0;
        next = 0;
        int digitsStart = start + 1;
        int carriageReturn = span[digitsStart..].IndexOf((byte)'\r');
        if (carriageReturn < 0 || digitsStart + carriageReturn + 1 >= span.Length)
        {
            return false;
        }

        next = digitsStart + carriageReturn + 2;
        return RespNumbers.TryParseInt64(span.Slice(digitsStart, carriageReturn), out value);
    }
}
