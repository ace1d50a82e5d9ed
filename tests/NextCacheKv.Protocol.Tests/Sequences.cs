using System.Buffers;
using System.Text;

namespace NextCacheKv.Protocol.Tests;

/// <summary>Builds byte sequences split in chosen places. Every segment gets its own array so no read can cross into the next one.</summary>
internal static class Sequences
{
    public static byte[] Bytes(string latin1) => Encoding.Latin1.GetBytes(latin1);

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Splits <paramref name="data"/> at the given offsets (ascending, duplicates give empty segments).</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var pieces = new List<byte[]>();
        int start = 0;
        foreach (int cut in cuts)
        {
            pieces.Add(data[start..cut]);
            start = cut;
        }

        pieces.Add(data[start..]);
        return FromPieces(pieces);
    }

    public static ReadOnlySequence<byte> Chunked(byte[] data, int chunkSize)
    {
        var pieces = new List<byte[]>();
        for (int start = 0; start < data.Length; start += chunkSize)
        {
            pieces.Add(data[start..Math.Min(data.Length, start + chunkSize)]);
        }

        return pieces.Count == 0 ? ReadOnlySequence<byte>.Empty : FromPieces(pieces);
    }

    private static ReadOnlySequence<byte> FromPieces(List<byte[]> pieces)
    {
        var first = new TestSegment(pieces[0], 0);
        TestSegment last = first;
        foreach (byte[] piece in pieces.Skip(1))
        {
            last = last.Append(piece);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
