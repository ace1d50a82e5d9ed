using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NextCacheKv.Storage.Objects;

/// <summary>
/// A Redis hash: field → value, O(1) per field whatever the size, kept in insertion order.
/// </summary>
/// <remarks>
/// Fields live in an append-only slot array (<see cref="entries"/>) indexed by a dictionary of field →
/// slot. Deleting leaves a hole; when holes outnumber live fields the array is compacted, keeping the
/// order, so the cost is amortised O(1) and random picks hit a live slot at least half the time.
/// <para>
/// Insertion order is what Redis shows for small (listpack) hashes, so HGETALL, HKEYS, HSCAN and
/// HRANDFIELD with a large count reply in Redis's order for them. <see cref="IsSmall"/> tracks when
/// Redis would have converted to a hash table (more than 128 fields, or a string longer than 64
/// bytes); like Redis it never converts back while the server runs.
/// </para>
/// <para>
/// HSCAN cursors: every slot carries a sequence number given at insertion, strictly increasing along
/// the array. Compaction moves slots but never renumbers them, so the array stays sorted by sequence
/// number. A cursor is "the sequence number to resume from": the next call binary-searches the first
/// slot at or after it. A field present for the whole scan keeps its number (an update of its value
/// keeps the slot), so it is returned exactly once, whatever is inserted, deleted or compacted
/// meanwhile — Redis's guarantee, without its possible duplicates. New fields get larger numbers and
/// are returned if the scan has not finished yet. Sequence numbers are part of the snapshot, so a
/// cursor stays valid across a restart.
/// </para>
/// </remarks>
public sealed class HashObject : CollectionObject
{
    /// <summary>Redis's hash-max-listpack-entries and hash-max-listpack-value defaults.</summary>
    public const int SmallMaxEntries = 128;
    public const int SmallMaxLength = 64;

    /// <summary>Below this many slots a sparse array is not worth compacting.</summary>
    private const int MinCompactSlots = 32;

    private readonly Dictionary<byte[], int> index = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> lookup;
    private Entry[] entries = [];
    private int end;
    private long nextSequence = 1;

    public HashObject() => lookup = index.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>One slot: a live field (Field set) or a hole (Field null); Sequence orders cursors.</summary>
    public struct Entry
    {
        public byte[]? Field;
        public byte[]? Value;
        public long Sequence;
    }

    public override ValueKind Kind => ValueKind.Hash;

    public override long Count => index.Count;

    /// <summary>False once Redis would hold this hash as a hash table rather than a listpack (HSCAN pages then).</summary>
    public bool IsSmall { get; private set; } = true;

    public bool TryGetValue(ReadOnlySpan<byte> field, out byte[] value)
    {
        if (lookup.TryGetValue(field, out int slot))
        {
            value = entries[slot].Value!;
            return true;
        }
        value = null!;
        return false;
    }

    public bool ContainsField(ReadOnlySpan<byte> field) => lookup.ContainsKey(field);

    /// <summary>Sets a field (a new one goes last; an existing one keeps its place); true when it was added.</summary>
    public bool Set(ReadOnlySpan<byte> field, byte[] value)
    {
        if (field.Length > SmallMaxLength || value.Length > SmallMaxLength) IsSmall = false;
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(lookup, field, out bool exists);
        if (exists)
        {
            entries[slot].Value = value;
            return false;
        }
        if (end == entries.Length) Array.Resize(ref entries, Math.Max(4, entries.Length * 2));
        slot = end;
        // The dictionary made its own copy of the key; share it rather than copying again.
        lookup.TryGetValue(field, out byte[]? stored, out _);
        entries[end++] = new Entry { Field = stored, Value = value, Sequence = nextSequence++ };
        if (index.Count > SmallMaxEntries) IsSmall = false;
        return true;
    }

    public bool Remove(ReadOnlySpan<byte> field)
    {
        if (!lookup.Remove(field, out _, out int slot)) return false;
        entries[slot].Field = null;
        entries[slot].Value = null;
        if (index.Count == 0)
        {
            end = 0;
            entries = [];
        }
        else if (end > MinCompactSlots && end - index.Count > index.Count)
        {
            Compact();
        }
        return true;
    }

    /// <summary>Squeezes the holes out, keeping order and sequence numbers; shrinks when mostly unused.</summary>
    private void Compact()
    {
        int write = 0;
        for (int read = 0; read < end; read++)
        {
            if (entries[read].Field is not { } field) continue;
            if (write != read)
            {
                entries[write] = entries[read];
                CollectionsMarshal.GetValueRefOrNullRef(index, field) = write;
            }
            write++;
        }
        Array.Clear(entries, write, end - write);
        end = write;
        if (entries.Length > 4 * Math.Max(end, MinCompactSlots))
        {
            Array.Resize(ref entries, Math.Max(end * 2, MinCompactSlots));
            index.TrimExcess();
        }
    }

    /// <summary>The live fields in order (HGETALL, HKEYS, HVALS).</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>A uniformly random live field; the hash must not be empty.</summary>
    public ref readonly Entry RandomEntry(Random random) => ref entries[RandomSlot(random)];

    /// <summary>A uniformly random live slot; holes are at most half the slots (or few), so few draws miss.</summary>
    public int RandomSlot(Random random)
    {
        while (true)
        {
            int slot = random.Next(end);
            if (entries[slot].Field is not null) return slot;
        }
    }

    /// <summary>Slot access for samplers holding slot numbers from <see cref="RandomSlot"/> or <see cref="LiveSlots"/>.</summary>
    public ref readonly Entry At(int slot) => ref entries[slot];

    /// <summary>Every live slot number, in order.</summary>
    public int[] LiveSlots()
    {
        var slots = new int[index.Count];
        int n = 0;
        for (int i = 0; i < end; i++)
            if (entries[i].Field is not null) slots[n++] = i;
        return slots;
    }

    /// <summary>
    /// One HSCAN step: adds up to <paramref name="count"/> live fields at or after <paramref name="cursor"/>
    /// to <paramref name="found"/>, looking at no more than <paramref name="maxSlots"/> slots. Returns the
    /// cursor to continue from, 0 when the end was reached.
    /// </summary>
    public ulong Scan(ulong cursor, long count, long maxSlots, List<Entry> found)
    {
        int slot = cursor == 0 ? 0 : FirstSlotFrom(cursor);
        long added = 0, looked = 0;
        for (; slot < end && added < count && looked < maxSlots; slot++, looked++)
        {
            if (entries[slot].Field is null) continue;
            found.Add(entries[slot]);
            added++;
        }
        return slot < end ? (ulong)entries[slot].Sequence : 0;
    }

    /// <summary>The first slot whose sequence number is at least <paramref name="sequence"/> (binary search; holes keep theirs).</summary>
    private int FirstSlotFrom(ulong sequence)
    {
        int low = 0, high = end;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if ((ulong)entries[middle].Sequence < sequence) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    /// <summary>Fields in order with their sequence numbers, so a scan's cursor stays valid across a restart.</summary>
    public override void WriteTo(BinaryWriter writer)
    {
        writer.Write(index.Count);
        foreach (var entry in this)
        {
            WriteBytes(writer, entry.Field!);
            WriteBytes(writer, entry.Value!);
            writer.Write7BitEncodedInt64(entry.Sequence);
        }
        writer.Write7BitEncodedInt64(nextSequence);
    }

    /// <summary>Reads a snapshot; like a Redis RDB load, a hash that fits the listpack limits is small again.</summary>
    public static HashObject Read(BinaryReader reader)
    {
        var hash = new HashObject();
        int count = reader.ReadInt32();
        hash.index.EnsureCapacity(count);
        hash.entries = new Entry[Math.Max(count, 4)];
        long previous = 0;
        for (int i = 0; i < count; i++)
        {
            var field = ReadBytes(reader);
            var value = ReadBytes(reader);
            long sequence = reader.Read7BitEncodedInt64();
            if (sequence <= previous || !hash.index.TryAdd(field, hash.end)) throw new InvalidDataException("Hash snapshot out of order or with a repeated field");
            hash.entries[hash.end++] = new Entry { Field = field, Value = value, Sequence = sequence };
            previous = sequence;
        }
        hash.nextSequence = reader.Read7BitEncodedInt64();
        if (hash.nextSequence <= previous) throw new InvalidDataException("Hash snapshot sequence runs backwards");
        hash.IsSmall = count <= SmallMaxEntries && hash.AllShort();
        return hash;
    }

    private bool AllShort()
    {
        foreach (var entry in this)
            if (entry.Field!.Length > SmallMaxLength || entry.Value!.Length > SmallMaxLength) return false;
        return true;
    }

    /// <summary>A deep copy (COPY): same order and encoding; values are never changed in place, so they are shared.</summary>
    public override CollectionObject Clone()
    {
        var copy = new HashObject();
        copy.index.EnsureCapacity(index.Count);
        copy.entries = new Entry[Math.Max(index.Count, 4)];
        foreach (var entry in this) copy.Set(entry.Field, entry.Value!);
        copy.IsSmall = IsSmall;
        return copy;
    }

    /// <summary>Walks the live slots in order without allocating.</summary>
    public struct Enumerator(HashObject hash)
    {
        private int slot = -1;

        public bool MoveNext()
        {
            while (++slot < hash.end)
                if (hash.entries[slot].Field is not null) return true;
            return false;
        }

        public readonly Entry Current
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => hash.entries[slot];
        }
    }
}
