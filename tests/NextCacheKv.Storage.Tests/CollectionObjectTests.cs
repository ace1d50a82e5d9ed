using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// Collection stubs and their objects: released when the stub goes (overwrite, delete, expiry, flush),
/// moved by RENAME, copied by COPY, and restored from the snapshot after a checkpoint.
/// </summary>
public class CollectionObjectTests
{
    private static HashObject NewHash(StoreSession session, int db, string key, params string[] pairs)
    {
        using var held = session.Objects.Locks.Enter(B(key));
        var hash = new HashObject();
        for (int i = 0; i < pairs.Length; i += 2) hash.Set(B(pairs[i]), B(pairs[i + 1]));
        Assert.True(session.CreateObject(db, B(key), hash));
        return hash;
    }

    private static HashObject? FindHash(StoreSession session, int db, string key)
    {
        var lookup = session.FindObject(db, B(key), ValueKind.Hash, out var obj);
        Assert.NotEqual(ObjectLookup.WrongType, lookup);
        return (HashObject?)obj;
    }

    [Fact]
    public void A_string_write_over_a_collection_releases_its_object()
    {
        using var temp = new TempStore();
        using var session = temp.Store.NewSession();
        NewHash(session, 0, "h", "f", "v");
        Assert.Equal(1, temp.Store.Objects.Count);
        Assert.Equal(ValueKind.Hash, session.Done(session.Inspect(0, B("h"))).Kind);

        session.Done(session.Set(0, B("h"), B("now a string"), StoreFlags.None, 0));

        Assert.Equal(0, temp.Store.Objects.Count);
        Assert.Equal("now a string", session.GetString(0, "h"));
        Assert.Equal(ObjectLookup.WrongType, session.FindObject(0, B("h"), ValueKind.Hash, out _));
    }

    [Fact]
    public void Delete_expiry_and_flush_release_objects()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var temp = new TempStore(clock);
        using var session = temp.Store.NewSession();
        NewHash(session, 0, "deleted", "f", "v");
        NewHash(session, 0, "expiring", "f", "v");
        NewHash(session, 3, "flushed", "f", "v");
        Assert.Equal(3, temp.Store.Objects.Count);

        Assert.True(session.Done(session.Delete(0, B("deleted"))).IsOk);
        session.Done(session.Expire(0, B("expiring"), temp.Store.NowMs + 1000, StoreFlags.None));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(FindHash(session, 0, "expiring"));
        temp.Store.FlushDb(3);

        Assert.Equal(0, temp.Store.Objects.Count);
        Assert.Equal(0, temp.Store.KeyCount(0));
    }

    [Fact]
    public void Copy_clones_and_rename_moves()
    {
        using var temp = new TempStore();
        using var session = temp.Store.NewSession();
        var original = NewHash(session, 0, "src", "f", "v");

        Assert.True(session.Done(session.Copy(0, B("src"), 0, B("copy"), replace: false, deleteSource: false)).IsOk);
        var copy = FindHash(session, 0, "copy");
        Assert.NotNull(copy);
        Assert.NotSame(original, copy);
        copy!.Set(B("g"), B("w"));
        Assert.Equal(1, original.Count);

        Assert.True(session.Done(session.Copy(0, B("src"), 2, B("moved"), replace: false, deleteSource: true)).IsOk);
        Assert.Null(FindHash(session, 0, "src"));
        Assert.Same(original, FindHash(session, 2, "moved"));
        Assert.Equal(2, temp.Store.Objects.Count);

        // Overwriting a collection with another through COPY REPLACE releases the overwritten one.
        Assert.True(session.Done(session.Copy(2, B("moved"), 0, B("copy"), replace: true, deleteSource: false)).IsOk);
        Assert.Equal(2, temp.Store.Objects.Count);
    }

    [Fact]
    public async Task Collections_survive_a_checkpoint_and_orphans_are_dropped()
    {
        using var temp = new TempStore();
        using (var session = temp.Store.NewSession())
        {
            NewHash(session, 0, "kept", "a", "1", "b", "2");
            NewHash(session, 1, "other-db", "x", "y");
            NewHash(session, 0, "deleted-later", "f", "v");
            Assert.True(await temp.Store.CheckpointAsync());
            session.Done(session.Delete(0, B("deleted-later")));
            NewHash(session, 0, "after-checkpoint", "f", "v");
        }

        temp.Reopen();

        using var reader = temp.Store.NewSession();
        var kept = FindHash(reader, 0, "kept");
        Assert.NotNull(kept);
        Assert.True(kept!.TryGetValue(B("b"), out var b));
        Assert.Equal("2", System.Text.Encoding.UTF8.GetString(b));
        Assert.NotNull(FindHash(reader, 1, "other-db"));
        Assert.NotNull(FindHash(reader, 0, "deleted-later"));
        Assert.Null(FindHash(reader, 0, "after-checkpoint"));
        Assert.Equal(3, temp.Store.Objects.Count);

        // A newer checkpoint pairs with a newer snapshot: the deletion sticks and the object is gone.
        reader.Done(reader.Delete(0, B("deleted-later")));
        Assert.True(await temp.Store.CheckpointAsync());
        temp.Reopen();
        using var again = temp.Store.NewSession();
        Assert.Null(FindHash(again, 0, "deleted-later"));
        Assert.Equal(2, temp.Store.Objects.Count);
        Assert.Equal(1, temp.Store.KeyCount(0));
    }
}
