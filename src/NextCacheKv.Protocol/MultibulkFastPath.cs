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
    internal static bool TryReadHeader(ReadOnlySpan<byte> span, int start, out long value, out int next)
    {
        value = 0;
        next = 0;
        int digitsStart = start + 1;
        if (TryReadPlainNumber(span, digitsStart, out value, out next)) return true;
        int carriageReturn = FindCarriageReturn(span[digitsStart..]);
        if (carriageReturn < 0 || digitsStart + carriageReturn + 1 >= span.Length)
        {
            return false;
        }

        next = digitsStart + carriageReturn + 2;
        return RespNumbers.TryParseInt64(span.Slice(digitsStart, carriageReturn), out value);
    }

    /// <summary>
    /// The common header, 1 to 10 digits without sign or leading zero then CR, parsed in the same pass that finds
    /// the CR. Anything else (zero, a sign, an incomplete line, a malformed number) is left to the general path.
    /// </summary>
    private static bool TryReadPlainNumber(ReadOnlySpan<byte> span, int digitsStart, out long value, out int next)
    {
        value = 0;
        next = 0;
        int i = digitsStart;
        if (i >= span.Length || (uint)(span[i] - '1') > 8) return false;
        long number = span[i++] - '0';
        int end = Math.Min(span.Length, digitsStart + MaxPlainDigits);
        while (i < end && (uint)(span[i] - '0') <= 9) number = number * 10 + (span[i++] - '0');
        if (i + 1 >= span.Length || span[i] != (byte)'\r') return false;
        value = number;
        next = i + 2;
        return true;
    }

    // Ten digits always fit in a long.
    private const int MaxPlainDigits = 10;

    /// <summary>
    /// IndexOf('\r') for a header, whose CR comes within a few bytes: a plain loop over the first ones beats the
    /// vectorised search's set-up (a NEXTGET with tags has a dozen headers); longer lines fall back to it.
    /// </summary>
    private static int FindCarriageReturn(ReadOnlySpan<byte> line)
    {
        int scan = Math.Min(line.Length, ShortHeaderScan);
        for (int i = 0; i < scan; i++)
        {
            if (line[i] == (byte)'\r') return i;
        }

        int rest = line[scan..].IndexOf((byte)'\r');
        return rest < 0 ? -1 : scan + rest;
    }

    // "-9223372036854775808" is 20 characters.
    private const int ShortHeaderScan = 21;
}
