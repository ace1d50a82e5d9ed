namespace NextCacheKv.Protocol;

/// <summary>
/// Finds the first argument (the key, for most commands) of each complete multibulk request at the start of a
/// buffer, without parsing the requests: the server warms the cache for those keys before it runs them.
/// Whatever is not a plain, complete multibulk request ends the scan; the parser proper decides what it is.
/// </summary>
public static class PipelinedKeys
{
    /// <summary>Fills <paramref name="keys"/> with ranges of <paramref name="buffer"/>; returns how many it found.</summary>
    public static int Find(ReadOnlySpan<byte> buffer, Span<Range> keys)
    {
        int found = 0;
        int position = 0;
        while (found < keys.Length && position < buffer.Length && buffer[position] == (byte)'*')
        {
            if (!MultibulkFastPath.TryReadHeader(buffer, position, out long count, out position) || count <= 0) break;
            Range key = default;
            for (long i = 0; i < count; i++)
            {
                if (position >= buffer.Length
                    || buffer[position] != (byte)'$'
                    || !MultibulkFastPath.TryReadHeader(buffer, position, out long length, out position)
                    || length < 0
                    || length > buffer.Length - position - 2)
                {
                    return found;
                }

                if (i == 1) key = new Range(position, position + (int)length);
                position += (int)length + 2;
            }

            if (count > 1) keys[found++] = key;
        }

        return found;
    }
}
