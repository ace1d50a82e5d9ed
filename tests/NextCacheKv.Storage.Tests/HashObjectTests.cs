using System.Text;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// <see cref="HashObject"/> against a plain ordered model under random inserts, updates and deletes (which
/// compact the slot array): same fields, same insertion order, scans that miss and repeat nothing, and a
/// snapshot and a copy that keep everything.
/// </summary>
public sealed class HashObjectTests
{
    private static byte[] B(string text) => Encoding.ASCII.GetBytes(text);

    private static string S(byte[] bytes) => Encoding.ASCII.GetString(bytes);

    private static List<(string Field, string Value)> Contents(HashObject hash)
    {
        var list = new List<(string, string)>();
        foreach (var entry in hash) list.Add((S(entry.Field!), S(entry.Value!)));
        return list;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Matches_an_ordered_model_through_random_changes(int seed)
    {
        var random = new Random(seed);
        var hash = new HashObject();
        var model = new List<(string Field, string Value)>();
        for (int step = 0; step < 20_000; step++)
        {
            string field = "f" + random.Next(600);
            int at = model.FindIndex(pair => pair.Field == field);
            if (random.Next(3) == 0)
            {
                Assert.Equal(at >= 0, hash.Remove(B(field)));
                if (at >= 0) model.RemoveAt(at);
            }
            else
            {
                string value = "v" + step;
                Assert.Equal(at < 0, hash.Set(B(field), B(value)));
                if (at >= 0) model[at] = (field, value);
                else model.Add((field, value));
            }
            if (step % 997 == 0) Assert.Equal(model, Contents(hash));
        }
        Assert.Equal(model.Count, hash.Count);
        Assert.Equal(model, Contents(hash));
        foreach (var (field, value) in model)
        {
            Assert.True(hash.TryGetValue(B(field), out var stored));
            Assert.Equal(value, S(stored));
        }
    }

    [Fact]
    public void A_scan_returns_every_field_present_throughout_exactly_once_while_compacting()
    {
        var hash = new HashObject();
        for (int i = 0; i < 5000; i++)
        {
            hash.Set(B($"temp:{i}"), B("t"));
            hash.Set(B($"stable:{i}"), B("s"));
        }
        var seen = new Dictionary<string, int>();
        var page = new List<HashObject.Entry>();
        ulong cursor = 0;
        int round = 0;
        do
        {
            page.Clear();
            cursor = hash.Scan(cursor, 25, 250, page);
            foreach (var entry in page) seen[S(entry.Field!)] = seen.GetValueOrDefault(S(entry.Field!)) + 1;
            // Delete a band of temporaries (holes on both sides of the cursor, so compactions), add and drop new fields.
            for (int i = round * 80; i < round * 80 + 80 && i < 5000; i++) hash.Remove(B($"temp:{i}"));
            for (int i = 0; i < 40; i++) hash.Set(B($"new:{round}:{i}"), B("n"));
            for (int i = 0; i < 30; i++) hash.Remove(B($"new:{round}:{i}"));
            hash.Set(B($"stable:{round * 13 % 5000}"), B("rewritten"));
            round++;
        } while (cursor != 0);

        for (int i = 0; i < 5000; i++) Assert.Equal(1, seen.GetValueOrDefault($"stable:{i}"));
        Assert.All(seen, pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public void Random_picks_only_land_on_live_fields_and_reach_all_of_them()
    {
        var hash = new HashObject();
        for (int i = 0; i < 1000; i++) hash.Set(B($"f{i}"), B("v"));
        for (int i = 0; i < 1000; i++)
            if (i % 7 != 0) hash.Remove(B($"f{i}"));

        var random = new Random(5);
        var picked = new HashSet<string>();
        for (int i = 0; i < 20_000; i++) picked.Add(S(hash.RandomEntry(random).Field!));

        Assert.Equal(Enumerable.Range(0, 1000).Where(i => i % 7 == 0).Select(i => $"f{i}").Order(), picked.Order());
    }

    [Fact]
    public void Snapshot_and_copy_keep_order_values_and_encoding()
    {
        var hash = new HashObject();
        for (int i = 0; i < 50; i++) hash.Set(B($"f{i}"), B($"v{i}"));
        for (int i = 0; i < 50; i += 3) hash.Remove(B($"f{i}"));
        Assert.True(hash.IsSmall);

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) hash.WriteTo(writer);
        stream.Position = 0;
        var read = (HashObject)CollectionObject.ReadFrom(ValueKind.Hash, new BinaryReader(stream));
        var copy = (HashObject)hash.Clone();
        copy.Set(B("only-in-copy"), B("x"));

        Assert.Equal(Contents(hash), Contents(read));
        Assert.True(read.IsSmall);
        Assert.Equal([.. Contents(hash), ("only-in-copy", "x")], Contents(copy));
        Assert.False(hash.ContainsField(B("only-in-copy")));
    }

    [Fact]
    public void A_long_string_or_129_fields_make_it_large_for_good_and_a_reload_re_decides()
    {
        var hash = new HashObject();
        hash.Set(B("f"), B(new string('x', 64)));
        Assert.True(hash.IsSmall);
        hash.Set(B("g"), B(new string('x', 65)));
        Assert.False(hash.IsSmall);
        hash.Remove(B("g"));
        Assert.False(hash.IsSmall);
        Assert.False(((HashObject)hash.Clone()).IsSmall);

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) hash.WriteTo(writer);
        stream.Position = 0;
        Assert.True(HashObject.Read(new BinaryReader(stream)).IsSmall);

        var many = new HashObject();
        for (int i = 0; i < 128; i++) many.Set(B($"f{i}"), B("v"));
        Assert.True(many.IsSmall);
        many.Set(B("one-more"), B("v"));
        Assert.False(many.IsSmall);
    }

    [Fact]
    public void A_scan_cursor_stays_valid_across_a_snapshot_and_reload()
    {
        var hash = new HashObject();
        for (int i = 0; i < 1000; i++) hash.Set(B($"f{i}"), B("v"));
        for (int i = 0; i < 1000; i += 2) hash.Remove(B($"f{i}"));
        var firstPage = new List<HashObject.Entry>();
        ulong cursor = hash.Scan(0, 100, 1000, firstPage);

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) hash.WriteTo(writer);
        stream.Position = 0;
        var reloaded = HashObject.Read(new BinaryReader(stream));
        reloaded.Set(B("added-after-reload"), B("v"));
        var rest = new List<HashObject.Entry>();
        while (cursor != 0) cursor = reloaded.Scan(cursor, 100, 1000, rest);

        var all = firstPage.Concat(rest).Select(entry => S(entry.Field!)).ToList();
        Assert.Equal([.. Enumerable.Range(0, 1000).Where(i => i % 2 == 1).Select(i => $"f{i}"), "added-after-reload"], all);
    }
}
