using System.Buffers;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// Large values are copied into their records with non-temporal stores (<see cref="NonTemporalCopy"/>): every byte
/// lands, whatever the alignment of either side, and nothing past the end is touched; a value in odd-sized pieces,
/// as it comes off the socket, round-trips through the store.
/// </summary>
public class NonTemporalCopyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(4096)]
    [InlineData(16 * 1024 + 1)]
    [InlineData(50 * 1024 + 3)]
    public void Copies_every_byte_at_every_alignment_and_nothing_beyond(int length)
    {
        var source = Pattern(length + 64, seed: length);
        for (int sourceOffset = 0; sourceOffset < 33; sourceOffset += 7)
        {
            for (int destinationOffset = 0; destinationOffset < 64; destinationOffset++)
            {
                var destination = new byte[length + 128];
                Array.Fill(destination, (byte)0xA5);

                NonTemporalCopy.CopyUnfenced(source.AsSpan(sourceOffset, length), destination.AsSpan(destinationOffset, length + 32));
                NonTemporalCopy.Fence();

                Assert.True(source.AsSpan(sourceOffset, length).SequenceEqual(destination.AsSpan(destinationOffset, length)),
                    $"length {length}, source offset {sourceOffset}, destination offset {destinationOffset}");
                Assert.True(destination.AsSpan(0, destinationOffset).IndexOfAnyExcept((byte)0xA5) < 0, "a byte before the destination changed");
                Assert.True(destination.AsSpan(destinationOffset + length).IndexOfAnyExcept((byte)0xA5) < 0, "a byte after the copy changed");
            }
        }
    }

    [Theory]
    [InlineData(16 * 1024 - 1)]
    [InlineData(16 * 1024)]
    [InlineData(200 * 1024)]
    public void A_large_value_in_odd_pieces_round_trips(int length)
    {
        using var temp = new TempStore();
        using var session = temp.Store.NewSession();
        var value = Pattern(length, seed: 7);
        var pieces = Pieces(value, [1, 255, 256, 257, 4097, 16 * 1024, 33]);

        Assert.True(session.Done(session.Set(0, B("k"), pieces, StoreFlags.None, 0)).IsOk);
        var sink = new CapturingSink();
        Assert.True(session.Done(session.Get(0, B("k"), sink)).IsOk);

        Assert.Equal(value, sink.Captured);
    }

    /// <summary>The value as a sequence of pieces of the given sizes, repeated until it is all covered.</summary>
    private static ReadOnlySequence<byte> Pieces(byte[] value, int[] sizes)
    {
        Piece? first = null, last = null;
        for (int at = 0, i = 0; at < value.Length; i++)
        {
            int size = Math.Min(sizes[i % sizes.Length], value.Length - at);
            var piece = new Piece(value.AsMemory(at, size), at);
            if (last is null) first = piece;
            else last.Append(piece);
            last = piece;
            at += size;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Piece : ReadOnlySequenceSegment<byte>
    {
        public Piece(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void Append(Piece next) => Next = next;
    }
}
