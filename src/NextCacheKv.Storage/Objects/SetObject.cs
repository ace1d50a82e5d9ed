using System.Buffers.Text;

namespace NextCacheKv.Storage.Objects;

/// <summary>
/// A Redis set of byte strings. Members live in a dense array, and a dictionary maps each member to its
/// slot. Membership, add and remove are O(1) like a hash set; the array adds O(1) uniform random access,
/// so SPOP and SRANDMEMBER cost O(count) instead of O(size) (a HashSet has no way to pick its i-th
/// element without walking it), for one extra reference and int per member. Removal moves the last
/// member into the freed slot, so slots stay dense; SSCAN's cursor is built on exactly that rule
/// (see <see cref="ScanDown"/>).
/// </summary>
public sealed class SetObject : CollectionObject
{
    /// <summary>Redis's <c>set-max-intset-entries</c>: up to this many integer members Redis keeps a sorted intset.</summary>
    public const int IntsetMaxEntries = 512;

    private readonly Dictionary<byte[], int> slots;
    private byte[][] members = [];
    private int count;
    /// <summary>Members that are not canonical 64-bit integers; 0 means Redis would hold the set as an intset.</summary>
    private int nonIntegers;

    public SetObject()
    {
        slots = new Dictionary<byte[], int>(ByteArrayComparer.Instance);
        Lookup = slots.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Member → slot, looked up by a request argument without copying it.</summary>
    public Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> Lookup { get; }

    /// <summary>The members in slot order (valid until the next change).</summary>
    public ArraySegment<byte[]> Members => new(members, 0, count);

    public override ValueKind Kind => ValueKind.Set;

    public override long Count => count;

    /// <summary>
    /// True when Redis 7.0 would encode this set as an intset (only integers, at most 512): Redis then
    /// lists it in ascending numeric order and SSCAN returns it whole in one call, which we imitate.
    /// </summary>
    public bool IsIntegerSet => nonIntegers == 0 && count <= IntsetMaxEntries;

    public byte[] this[int slot] => members[slot];

    public bool Contains(ReadOnlySpan<byte> member) => Lookup.ContainsKey(member);

    /// <summary>Adds a member given as request bytes (copied only when absent); true when it was absent.</summary>
    public bool Add(ReadOnlySpan<byte> member)
    {
        if (Lookup.ContainsKey(member)) return false;
        Append(member.ToArray());
        return true;
    }

    /// <summary>Adds a member array, shared rather than copied (members are never mutated); true when absent.</summary>
    public bool Add(byte[] member)
    {
        if (slots.ContainsKey(member)) return false;
        Append(member);
        return true;
    }

    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (!Lookup.Remove(member, out _, out int slot)) return false;
        Vacate(slot);
        return true;
    }

    /// <summary>Removes and returns the member in <paramref name="slot"/>; the last member moves into it.</summary>
    public byte[] RemoveAt(int slot)
    {
        var member = members[slot];
        slots.Remove(member);
        Vacate(slot);
        return member;
    }

    /// <summary>
    /// Visits the slots just below <paramref name="bound"/>, going down, at most <paramref name="budget"/> of
    /// them; returns the new bound (0 when every slot was visited).
    /// Why going down keeps SSCAN's promise (every member present for the whole scan is returned):
    /// the slots below the bound are those not visited yet. Adding appends above every slot in use, and
    /// never moves a member. Removing moves only the last member, into the freed slot, which is lower: if
    /// that last member was unvisited it was already below the bound, and it lands lower still, so it is
    /// still ahead of the cursor; if it was visited it may be returned twice, which Redis allows. A bound
    /// above the current size (the set shrank) is clamped, and slots added below an old bound are merely
    /// returned (members added during a scan may or may not be).
    /// </summary>
    public long ScanDown(long bound, long budget, Action<byte[]> visit)
    {
        long slot = Math.Min(bound, count);
        for (long end = Math.Max(0, slot - budget); slot > end;)
            visit(members[--slot]);
        return slot;
    }

    /// <summary>The members in the order Redis would list an intset: ascending as integers.</summary>
    public byte[][] MembersInIntegerOrder()
    {
        var sorted = Members.ToArray();
        var values = new long[sorted.Length];
        for (int i = 0; i < sorted.Length; i++) Utf8Parser.TryParse(sorted[i], out values[i], out _);
        Array.Sort(values, sorted);
        return sorted;
    }

    private void Append(byte[] member)
    {
        if (count == members.Length) Array.Resize(ref members, Math.Max(4, count * 2));
        members[count] = member;
        slots[member] = count++;
        if (!IsCanonicalInteger(member)) nonIntegers++;
    }

    private void Vacate(int slot)
    {
        if (!IsCanonicalInteger(members[slot])) nonIntegers--;
        int last = --count;
        if (slot != last)
        {
            members[slot] = members[last];
            slots[members[slot]] = slot;
        }
        members[last] = null!;
        if (members.Length > 16 && count < members.Length / 4) Array.Resize(ref members, members.Length / 2);
    }

    /// <summary>Redis's string2ll test for intset members: a 64-bit integer written the one canonical way.</summary>
    private static bool IsCanonicalInteger(ReadOnlySpan<byte> member)
    {
        if (member.Length is 0 or > 20) return false;
        if (!Utf8Parser.TryParse(member, out long value, out int consumed) || consumed != member.Length) return false;
        Span<byte> canonical = stackalloc byte[20];
        return Utf8Formatter.TryFormat(value, canonical, out int written) && canonical[..written].SequenceEqual(member);
    }

    public override void WriteTo(BinaryWriter writer)
    {
        // Slot order, so a scan cursor stays meaningful across a restart.
        writer.Write(count);
        foreach (var member in Members) WriteBytes(writer, member);
    }

    public static SetObject Read(BinaryReader reader)
    {
        var set = new SetObject();
        int size = reader.ReadInt32();
        set.members = new byte[size][];
        set.slots.EnsureCapacity(size);
        for (int i = 0; i < size; i++) set.Add(ReadBytes(reader));
        return set;
    }

    public override CollectionObject Clone()
    {
        var copy = new SetObject();
        copy.members = new byte[Math.Max(count, 4)][];
        copy.slots.EnsureCapacity(count);
        foreach (var member in Members) copy.Append(member);
        return copy;
    }
}
