namespace NextCacheKv.Storage.Objects.Lists;

/// <summary>
/// Consecutive elements of a list, for <c>foreach</c>: found once by index, then read chunk after chunk, so
/// LRANGE, LPOS and serialisation are one streaming pass. Each element is a span into the list, valid until
/// the list changes; the list must not change during the loop.
/// </summary>
public readonly struct ListRange
{
    private readonly ListObject list;
    private readonly int first;
    private readonly bool fromLast;

    internal ListRange(ListObject list, int first, int count, bool fromLast)
    {
        this.list = list;
        this.first = first;
        Count = count;
        this.fromLast = fromLast;
    }

    public int Count { get; }

    public Enumerator GetEnumerator() => new(list, first, Count, fromLast);

    public ref struct Enumerator
    {
        private readonly ListChunkRing chunks;
        private readonly bool backward;
        private int chunkIndex;
        private int offset;
        private int remaining;
        private ReadOnlySpan<byte> current;

        internal Enumerator(ListObject list, int first, int count, bool fromLast)
        {
            chunks = list.Chunks;
            backward = fromLast;
            remaining = count;
            if (count == 0) return;
            // Backward, the walk starts just past the last element of the range.
            var (chunk, within) = list.Locate(fromLast ? first + count - 1 : first);
            chunkIndex = chunk;
            offset = chunks[chunk].OffsetOf(fromLast ? within + 1 : within);
        }

        public readonly ReadOnlySpan<byte> Current => current;

        public bool MoveNext()
        {
            if (remaining == 0) return false;
            remaining--;
            var chunk = chunks[chunkIndex];
            if (backward)
            {
                if (offset == chunk.Start)
                {
                    chunk = chunks[--chunkIndex];
                    offset = chunk.End;
                }
                offset = chunk.EntryBefore(offset);
                current = chunk.ValueAt(offset, out _);
            }
            else
            {
                if (offset == chunk.End)
                {
                    chunk = chunks[++chunkIndex];
                    offset = chunk.Start;
                }
                current = chunk.ValueAt(offset, out offset);
            }
            return true;
        }
    }
}
