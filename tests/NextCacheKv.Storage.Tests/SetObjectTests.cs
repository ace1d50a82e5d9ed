using System.Text;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Storage.Tests;

/// <summary>SetObject's dense array and slot index against a reference HashSet, its intset tracking, snapshot order and scan.</summary>
public class SetObjectTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_changes_keep_members_and_slots_consistent(int seed)
    {
        var random = new Random(seed);
        var set = new SetObject();
        var reference = new HashSet<string>();
        for (int step = 0; step < 20_000; step++)
        {
            string member = $"m{random.Next(300)}";
            switch (random.Next(3))
            {
                case 0:
                    Assert.Equal(reference.Add(member), set.Add(B(member).AsSpan()));
                    break;
                case 1:
                    Assert.Equal(reference.Remove(member), set.Remove(B(member)));
                    break;
                default:
                    if (set.Count == 0) break;
                    var removed = set.RemoveAt(random.Next((int)set.Count));
                    Assert.True(reference.Remove(Encoding.UTF8.GetString(removed)));
                    break;
            }
            Assert.Equal(reference.Count, set.Count);
        }
        Assert.Equal(reference.Order(), set.Members.Select(Encoding.UTF8.GetString).Order());
        for (int slot = 0; slot < set.Count; slot++)
        {
            Assert.True(set.Lookup.TryGetValue(set[slot], out int indexed));
            Assert.Equal(slot, indexed);
        }
    }

    [Fact]
    public void Integer_sets_are_recognised_as_redis_would_encode_them()
    {
        var set = new SetObject();
        set.Add(B("10").AsSpan());
        set.Add(B("-3").AsSpan());
        set.Add(B("9223372036854775807").AsSpan());
        Assert.True(set.IsIntegerSet);
        Assert.Equal(["-3", "10", "9223372036854775807"], set.MembersInIntegerOrder().Select(Encoding.UTF8.GetString));
        foreach (var notCanonical in new[] { "007", "-0", "+1", " 1", "1.0", "9223372036854775808", "", "x" })
        {
            set.Add(B(notCanonical).AsSpan());
            Assert.False(set.IsIntegerSet, notCanonical);
            set.Remove(B(notCanonical));
            Assert.True(set.IsIntegerSet, notCanonical);
        }
        for (int i = 0; set.Count <= SetObject.IntsetMaxEntries; i++) set.Add(B(i.ToString()).AsSpan());
        Assert.False(set.IsIntegerSet);
    }

    [Fact]
    public void Snapshot_and_clone_keep_the_slot_order()
    {
        var set = new SetObject();
        for (int i = 0; i < 1000; i++) set.Add(B($"member:{i}").AsSpan());
        for (int i = 0; i < 1000; i += 3) set.Remove(B($"member:{i}"));

        var stream = new MemoryStream();
        set.WriteTo(new BinaryWriter(stream));
        stream.Position = 0;
        var read = SetObject.Read(new BinaryReader(stream));
        var clone = (SetObject)set.Clone();
        clone.Add(B("only-in-clone").AsSpan());

        Assert.Equal(set.Members, read.Members);
        Assert.Equal(set.Members, clone.Members.Take((int)set.Count));
        Assert.False(set.Contains(B("only-in-clone")));
        Assert.True(read.Contains(B("member:1")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Scan_returns_every_member_present_throughout_whatever_changes_between_steps(int seed)
    {
        var random = new Random(seed);
        var set = new SetObject();
        for (int i = 0; i < 500; i++) set.Add(B($"stable:{i}").AsSpan());
        for (int i = 0; i < 500; i++) set.Add(B($"churn:{random.Next(2000)}").AsSpan());
        var seen = new HashSet<string>();
        long cursor = set.Count;
        int steps = 0;
        do
        {
            cursor = set.ScanDown(cursor, random.Next(1, 20), member => seen.Add(Encoding.UTF8.GetString(member)));
            for (int i = random.Next(30); i > 0; i--) set.Add(B($"churn:{random.Next(2000)}").AsSpan());
            for (int i = random.Next(steps % 7 == 0 ? 300 : 30); i > 0; i--) set.Remove(B($"churn:{random.Next(2000)}"));
            Assert.True(++steps < 100_000);
        } while (cursor != 0);

        Assert.All(Enumerable.Range(0, 500), i => Assert.Contains($"stable:{i}", seen));
    }
}
