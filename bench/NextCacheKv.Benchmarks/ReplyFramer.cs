using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace NextCacheKv.Benchmarks;

/// <summary>Finds where one RESP2 reply ends: simple, integer, bulk and (nested) array replies.</summary>
/// <remarks>
/// The client side of every pipeline benchmark, so it must cost little next to the server: a header line
/// that lies within the current segment (nearly all of them) is read straight from the span; only a line
/// split across segments takes the general sequence path.
/// </remarks>
internal static class ReplyFramer
{
    /// <summary>Moves past one complete reply, or returns false and leaves the reader alone if it has not all arrived.</summary>
    public static bool TrySkip(ref SequenceReader<byte> reader)
    {
        SequenceReader<byte> start = reader;
        if (TrySkipItem(ref reader)) return true;
        reader = start;
        return false;
    }

    /// <summary>One reply or array element; on false the reader is somewhere inside it (the caller rewinds).</summary>
    private static bool TrySkipItem(ref SequenceReader<byte> reader)
    {
        if (!TryReadHeader(ref reader, out byte type, out long number)) return false;
        switch (type)
        {
            case (byte)'+' or (byte)':':
                return true;
            case (byte)'$':
                if (number < 0) return true;
                if (reader.Remaining < number + 2) return false;
                reader.Advance(number + 2);
                return true;
            default:
                for (long i = 0; i < number; i++)
                {
                    if (!TrySkipItem(ref reader)) return false;
                }
                return true;
        }
    }

    /// <summary>
    /// The type byte and, for a bulk string or an array, its length. A line within the current segment is
    /// read from the span; one that straddles segments through the sequence.
    /// </summary>
    private static bool TryReadHeader(ref SequenceReader<byte> reader, out byte type, out long number)
    {
        number = 0;
        ReadOnlySpan<byte> unread = reader.UnreadSpan;
        int end = unread.IndexOf((byte)'\r');
        if (end > 0 && end + 1 < unread.Length && unread[end + 1] == (byte)'\n')
        {
            type = unread[0];
            number = Interpret(type, unread[1..end]);
            reader.Advance(end + 2);
            return true;
        }

        if (!reader.TryRead(out type) || !reader.TryReadTo(out ReadOnlySequence<byte> split, "\r\n"u8)) return false;
        if (type is (byte)'+' or (byte)':') return true;
        Span<byte> copy = stackalloc byte[20];
        if (type is (byte)'$' or (byte)'*' && split.Length <= copy.Length)
        {
            split.CopyTo(copy);
            number = Interpret(type, copy[..(int)split.Length]);
        }
        else number = Interpret(type, split.ToArray());
        return true;
    }

    /// <summary>The length of a bulk string or array; throws on an error reply or an unknown type.</summary>
    private static long Interpret(byte type, ReadOnlySpan<byte> line)
    {
        switch (type)
        {
            case (byte)'+' or (byte)':':
                return 0;
            case (byte)'$' or (byte)'*':
                if (!Utf8Parser.TryParse(line, out long length, out int used) || used != line.Length)
                    throw new InvalidDataException("Malformed bulk length.");
                return length;
            case (byte)'-':
                // Timing error replies would measure the wrong thing.
                throw new InvalidDataException($"The server replied with an error: {Encoding.ASCII.GetString(line)}");
            default:
                throw new InvalidDataException($"Unexpected reply type '{(char)type}'.");
        }
    }
}
