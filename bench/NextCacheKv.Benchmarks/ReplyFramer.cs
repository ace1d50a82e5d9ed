using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace NextCacheKv.Benchmarks;

/// <summary>Finds where one RESP2 reply ends: simple, integer, bulk and (nested) array replies.</summary>
internal static class ReplyFramer
{
    /// <summary>Moves past one complete reply, or returns false and leaves the reader alone if it has not all arrived.</summary>
    public static bool TrySkip(ref SequenceReader<byte> reader)
    {
        SequenceReader<byte> start = reader;
        if (!reader.TryRead(out byte type) || !reader.TryReadTo(out ReadOnlySequence<byte> line, "\r\n"u8))
        {
            reader = start;
            return false;
        }

        switch (type)
        {
            case (byte)'+' or (byte)':':
                return true;
            case (byte)'$':
                long length = ParseLength(line);
                if (length < 0) return true;
                if (reader.Remaining < length + 2)
                {
                    reader = start;
                    return false;
                }

                reader.Advance(length + 2);
                return true;
            case (byte)'*':
                long items = ParseLength(line);
                for (long i = 0; i < items; i++)
                {
                    if (!TrySkip(ref reader))
                    {
                        reader = start;
                        return false;
                    }
                }
                return true;
            case (byte)'-':
                // Timing error replies would measure the wrong thing.
                throw new InvalidDataException($"The server replied with an error: {Encoding.ASCII.GetString(line)}");
            default:
                throw new InvalidDataException($"Unexpected reply type '{(char)type}'.");
        }
    }

    /// <summary>Parses a bulk length without allocating, even when the header straddles two segments.</summary>
    private static long ParseLength(in ReadOnlySequence<byte> digits)
    {
        Span<byte> copy = stackalloc byte[20];
        ReadOnlySpan<byte> span = digits.IsSingleSegment ? digits.FirstSpan : Gather(digits, copy);
        if (!Utf8Parser.TryParse(span, out long length, out int used) || used != span.Length)
            throw new InvalidDataException("Malformed bulk length.");
        return length;
    }

    private static ReadOnlySpan<byte> Gather(in ReadOnlySequence<byte> digits, Span<byte> copy)
    {
        if (digits.Length > copy.Length) throw new InvalidDataException("Bulk length too long.");
        digits.CopyTo(copy);
        return copy[..(int)digits.Length];
    }
}
