using System.Buffers;

namespace NextCacheKv.Benchmarks;

/// <summary>Cuts a buffer into fixed-size segments, like a pipe filled by small socket reads.</summary>
internal sealed class ChunkedSequence : ReadOnlySequenceSegment<byte>
{
    private ChunkedSequence(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Create(byte[] data, int chunkBytes)
    {
        var first = new ChunkedSequence(data.AsMemory(0, Math.Min(chunkBytes, data.Length)), 0);
        var last = first;
        for (int start = chunkBytes; start < data.Length; start += chunkBytes)
        {
            var next = new ChunkedSequence(data.AsMemory(start, Math.Min(chunkBytes, data.Length - start)), start);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
