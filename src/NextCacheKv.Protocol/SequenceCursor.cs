using System.Buffers;
using System.Diagnostics;

namespace NextCacheKv.Protocol;

/// <summary>
/// Forward-only reader over a byte sequence that exposes the current segment as memory, so parsed arguments
/// can point straight into the caller's buffers. For a single-segment buffer it is a plain span walk.
/// </summary>
internal ref struct SequenceCursor
{
    private readonly ReadOnlySequence<byte> _sequence;
    private SequencePosition _segmentStart;
    private SequencePosition _nextSegment;
    private ReadOnlyMemory<byte> _memory;
    private ReadOnlySpan<byte> _span;
    private int _index;
    private long _remaining;

    public SequenceCursor(in ReadOnlySequence<byte> sequence)
    {
        _sequence = sequence;
        _segmentStart = sequence.Start;
        _nextSegment = sequence.Start;
        _remaining = sequence.Length;
        LoadNextSegment();
    }

    /// <summary>Bytes left in the whole sequence.</summary>
    public readonly long Remaining => _remaining;

    /// <summary>Unread part of the current segment; never empty while <see cref="Remaining"/> is positive.</summary>
    public readonly ReadOnlySpan<byte> UnreadSpan => _span[_index..];

    public readonly ReadOnlyMemory<byte> UnreadMemory => _memory[_index..];

    public readonly byte CurrentByte => _span[_index];

    public readonly SequencePosition Position =>
        _remaining == 0 ? _sequence.End : _sequence.GetPosition(_index, _segmentStart);

    /// <summary>The next <paramref name="length"/> bytes as a slice of the sequence, without copying; advances past them.</summary>
    public ReadOnlySequence<byte> Take(int length)
    {
        var taken = _sequence.Slice(Position, length);
        Advance(length);
        return taken;
    }

    public void Advance(long count)
    {
        Debug.Assert(count >= 0 && count <= _remaining);
        while (true)
        {
            int available = _span.Length - _index;
            if (count < available)
            {
                _index += (int)count;
                _remaining -= count;
                return;
            }

            count -= available;
            _remaining -= available;
            LoadNextSegment();
            if (count == 0)
            {
                return;
            }
        }
    }

    /// <summary>Copies the next destination.Length bytes and moves past them.</summary>
    public void CopyTo(Span<byte> destination)
    {
        Debug.Assert(destination.Length <= _remaining);
        while (!destination.IsEmpty)
        {
            ReadOnlySpan<byte> unread = _span[_index..];
            int take = Math.Min(unread.Length, destination.Length);
            unread[..take].CopyTo(destination);
            destination = destination[take..];
            Advance(take);
        }
    }

    /// <summary>Copies bytes starting <paramref name="offset"/> bytes ahead without moving the cursor.</summary>
    public readonly void PeekTo(long offset, Span<byte> destination)
    {
        SequenceCursor probe = this;
        probe.Advance(offset);
        probe.CopyTo(destination);
    }

    /// <summary>
    /// Offset from the cursor of the first <paramref name="terminator"/> at or after <paramref name="skip"/>,
    /// or -1 when none is buffered. Meeting <paramref name="stopByte"/> first ends the search with
    /// <paramref name="stopped"/> set, mimicking C's strchr stopping at NUL.
    /// </summary>
    public readonly long IndexOfTerminator(byte terminator, byte stopByte, long skip, out bool stopped)
    {
        // Common case: the line ends inside the current segment, so no probe copy is needed.
        ReadOnlySpan<byte> current = _span[_index..];
        if (skip < current.Length)
        {
            int found = current[(int)skip..].IndexOfAny(terminator, stopByte);
            if (found >= 0)
            {
                stopped = current[(int)skip + found] != terminator;
                return stopped ? -1 : skip + found;
            }
        }

        SequenceCursor probe = this;
        probe.Advance(skip);
        long offset = skip;
        while (probe._remaining > 0)
        {
            ReadOnlySpan<byte> unread = probe._span[probe._index..];
            int index = unread.IndexOfAny(terminator, stopByte);
            if (index >= 0)
            {
                stopped = unread[index] != terminator;
                return stopped ? -1 : offset + index;
            }

            offset += unread.Length;
            probe.Advance(unread.Length);
        }

        stopped = false;
        return -1;
    }

    private void LoadNextSegment()
    {
        _index = 0;
        while (_remaining > 0)
        {
            SequencePosition segmentStart = _nextSegment;
            if (!_sequence.TryGet(ref _nextSegment, out ReadOnlyMemory<byte> memory))
            {
                break;
            }

            if (!memory.IsEmpty)
            {
                _segmentStart = segmentStart;
                _memory = memory;
                _span = memory.Span;
                return;
            }
        }

        _memory = default;
        _span = default;
    }
}
