using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// tags/journal.bin is what makes NEXTTAG survive a crash without a checkpoint: every record appended
/// comes back on reopen, a torn or damaged tail is dropped without losing what came before, and
/// compaction keeps exactly the live records.
/// </summary>
public sealed class TagJournalTests : IDisposable
{
    // [length u32][crc32 u32][keyspace u32][staleAt i64][expiredAt i64][tag]
    private const int RecordOverhead = 8 + 4 + 8 + 8;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "nextcachekv-tests", Guid.NewGuid().ToString("N"), "tags");

    private string JournalPath => Path.Combine(directory, "journal.bin");

    public void Dispose()
    {
        try { Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void A_new_journal_replays_nothing()
    {
        using var journal = Open(new TagTable(), out int replayed);

        Assert.Equal(0, replayed);
        Assert.Equal(0, journal.Length);
    }

    [Fact]
    public void Every_record_comes_back_after_reopen_and_the_last_change_wins()
    {
        using (var journal = Open(new TagTable(), out _))
        {
            journal.Append(1, [(B("a"), new TagTimes(0, 100)), (B("b"), new TagTimes(50, 60))]);
            journal.Append(2, [(B("a"), new TagTimes(7, 0))]);
            journal.Append(1, [(B("a"), new TagTimes(0, 200))]);
        }

        var table = new TagTable();
        using var reopened = Open(table, out int replayed);

        Assert.Equal(4, replayed);
        Assert.Equal(new TagTimes(0, 200), table.Get(1, B("a")));
        Assert.Equal(new TagTimes(50, 60), table.Get(1, B("b")));
        Assert.Equal(new TagTimes(7, 0), table.Get(2, B("a")));
        Assert.Equal(3, table.Count);
    }

    [Fact]
    public void Binary_and_empty_tag_names_round_trip()
    {
        byte[] binary = [0, 13, 10, 255];
        using (var journal = Open(new TagTable(), out _))
            journal.Append(1, [(binary, new TagTimes(1, 2)), ([], new TagTimes(3, 4))]);

        var table = new TagTable();
        using var reopened = Open(table, out int replayed);

        Assert.Equal(2, replayed);
        Assert.Equal(new TagTimes(1, 2), table.Get(1, binary));
        Assert.Equal(new TagTimes(3, 4), table.Get(1, []));
    }

    [Fact]
    public void A_torn_last_record_is_ignored_and_the_earlier_ones_survive()
    {
        using (var journal = Open(new TagTable(), out _))
        {
            journal.Append(1, [(B("first"), new TagTimes(0, 1))]);
            journal.Append(1, [(B("second"), new TagTimes(0, 2))]);
            journal.Append(1, [(B("third"), new TagTimes(0, 3))]);
        }
        long intact = new FileInfo(JournalPath).Length;
        // A crash in the middle of the last write.
        using (var file = new FileStream(JournalPath, FileMode.Open, FileAccess.Write))
            file.SetLength(intact - 3);

        var table = new TagTable();
        using (var reopened = Open(table, out int replayed))
        {
            Assert.Equal(2, replayed);
            Assert.Equal(new TagTimes(0, 1), table.Get(1, B("first")));
            Assert.Equal(new TagTimes(0, 2), table.Get(1, B("second")));
            Assert.Equal(default, table.Get(1, B("third")));
            // The torn tail is cut, so the next record starts on a record boundary.
            Assert.Equal(intact - (RecordOverhead + "third".Length), reopened.Length);
            reopened.Append(1, [(B("fourth"), new TagTimes(0, 4))]);
        }

        var afterAppend = new TagTable();
        using var again = Open(afterAppend, out int replayedAgain);
        Assert.Equal(3, replayedAgain);
        Assert.Equal(new TagTimes(0, 4), afterAppend.Get(1, B("fourth")));
    }

    [Fact]
    public void A_record_with_a_bad_checksum_ends_the_replay()
    {
        using (var journal = Open(new TagTable(), out _))
        {
            journal.Append(1, [(B("first"), new TagTimes(0, 1))]);
            journal.Append(1, [(B("second"), new TagTimes(0, 2))]);
        }
        // Flip one bit of the last record's tag name.
        var bytes = File.ReadAllBytes(JournalPath);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(JournalPath, bytes);

        var table = new TagTable();
        using var reopened = Open(table, out int replayed);

        Assert.Equal(1, replayed);
        Assert.Equal(new TagTimes(0, 1), table.Get(1, B("first")));
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void Records_of_dead_keyspaces_are_read_but_not_restored()
    {
        using (var journal = Open(new TagTable(), out _))
        {
            journal.Append(1, [(B("t"), new TagTimes(0, 1))]);
            journal.Append(9, [(B("t"), new TagTimes(0, 2))]);
        }

        var table = new TagTable();
        using var reopened = TagJournal.Open(directory, table, keyspace => keyspace != 9, out int replayed);

        Assert.Equal(2, replayed);
        Assert.Equal(new TagTimes(0, 1), table.Get(1, B("t")));
        Assert.Equal(default, table.Get(9, B("t")));
    }

    [Fact]
    public void A_small_journal_is_not_rewritten()
    {
        var table = new TagTable();
        using var journal = Open(table, out _);
        for (int i = 0; i < 10; i++)
            journal.Append(1, [(B("t"), new TagTimes(0, i))]);
        table.Set(1, B("t"), new TagTimes(0, 9));

        Assert.False(journal.CompactIfLarge(table));
        Assert.Equal(10 * (RecordOverhead + 1), journal.Length);
    }

    [Fact]
    public void Compaction_keeps_exactly_the_live_records()
    {
        var table = new TagTable();
        using (var journal = Open(table, out _))
        {
            // Well over 1 MB of history for one tag, in one fsync.
            var history = Enumerable.Range(0, 50_000).Select(i => (B("hot"), new TagTimes(0, i))).ToList();
            journal.Append(1, history);
            table.Set(1, B("hot"), new TagTimes(0, 49_999));
            Assert.True(journal.Length > 1024 * 1024);

            Assert.True(journal.CompactIfLarge(table));

            Assert.Equal(RecordOverhead + "hot".Length, journal.Length);
            // Appends go on after the rewrite.
            journal.Append(1, [(B("later"), new TagTimes(5, 0))]);
        }

        var reopened = new TagTable();
        using var again = Open(reopened, out int replayed);
        Assert.Equal(2, replayed);
        Assert.Equal(new TagTimes(0, 49_999), reopened.Get(1, B("hot")));
        Assert.Equal(new TagTimes(5, 0), reopened.Get(1, B("later")));
    }

    [Fact]
    public void The_store_replays_its_journal_after_a_crash_without_a_checkpoint()
    {
        using var temp = new TempStore();
        uint keyspace = temp.Store.KeyspaceOf(0);
        Assert.Equal(1, temp.Store.RevalidateTags(0, [B("posts")], TagRevalidation.StaleThenExpire, 10, atMs: 5000));
        Assert.Equal(1, temp.Store.RevalidateTags(0, [B("users")], TagRevalidation.ExpireNow, 0, atMs: 7000));

        temp.Reopen(); // no checkpoint was ever taken

        Assert.Equal(2, temp.Store.TagRecordsReplayed);
        Assert.Equal(new TagTimes(5000, 15_000), temp.Store.Tags.Get(keyspace, B("posts")));
        Assert.Equal(new TagTimes(0, 7000), temp.Store.Tags.Get(keyspace, B("users")));
        Assert.True(File.Exists(Path.Combine(temp.Directory, "tags", "journal.bin")));
    }

    private TagJournal Open(TagTable table, out int replayed) => TagJournal.Open(directory, table, _ => true, out replayed);
}
