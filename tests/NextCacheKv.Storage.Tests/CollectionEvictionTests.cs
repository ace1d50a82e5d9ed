using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// Collections beyond their memory budget: the least recently used are evicted to images in the log,
/// read back intact when next found (also large ones, whose image is chunked), kept across a checkpoint
/// and restart, moved by RENAME/MOVE, copied by COPY, and their images deleted when they are released.
/// </summary>
public class CollectionEvictionTests
{
    private const int Hashes = 60;
    private const int FieldsPerHash = 400;

    private static void Fill(StoreSession session, int db, string key, int fields, int valueBytes = 40)
    {
        using var held = session.Objects.Locks.Enter(B(key));
        var hash = new HashObject();
        for (int i = 0; i < fields; i++) hash.Set(B($"field{i}"), B($"{key}:{i}:".PadRight(valueBytes, 'x')));
        Assert.True(session.CreateObject(db, B(key), hash));
    }

    private static string? FieldOf(StoreSession session, int db, string key, int field)
    {
        using var held = session.Objects.Locks.Enter(B(key));
        var lookup = session.FindObject(db, B(key), ValueKind.Hash, out var obj);
        if (lookup != ObjectLookup.Found) return null;
        return ((HashObject)obj!).TryGetValue(B($"field{field}"), out var value) ? System.Text.Encoding.UTF8.GetString(value) : null;
    }

    [Fact]
    public async Task Cold_collections_go_to_the_log_and_come_back_intact_across_a_restart()
    {
        using var temp = new TempStore(collectionBytes: 1L << 20);
        using (var session = temp.Store.NewSession())
        {
            for (int h = 0; h < Hashes; h++) Fill(session, 0, $"h{h}", FieldsPerHash);
            // One large hash: its image is bigger than a chunk (64 KB here), so it is written in chunks.
            Fill(session, 0, "big", 5000, valueBytes: 100);
            Assert.True(await temp.Store.CheckpointAsync()); // records snapshot sizes, the basis of the estimate

            int evicted = temp.Store.EvictColdCollections(session);
            Assert.True(evicted > 0, "nothing was evicted");
            Assert.True(temp.Store.Objects.EvictedCount > 0);

            for (int h = 0; h < Hashes; h++) Assert.Equal($"h{h}:{h % FieldsPerHash}:".PadRight(40, 'x'), FieldOf(session, 0, $"h{h}", h % FieldsPerHash));
            Assert.Equal("big:4999:".PadRight(100, 'x'), FieldOf(session, 0, "big", 4999));

            // Evict again, then checkpoint while evicted: the restart must read the images from the log.
            temp.Store.EvictColdCollections(session);
            Assert.True(temp.Store.Objects.EvictedCount > 0);
            Assert.True(await temp.Store.CheckpointAsync());
        }

        temp.Reopen();

        Assert.True(temp.Store.Objects.EvictedCount > 0, "the snapshot should name evicted collections");
        using var reader = temp.Store.NewSession();
        for (int h = 0; h < Hashes; h++) Assert.Equal($"h{h}:7:".PadRight(40, 'x'), FieldOf(reader, 0, $"h{h}", 7));
        Assert.Equal("big:0:".PadRight(100, 'x'), FieldOf(reader, 0, "big", 0));
        Assert.Equal(Hashes + 1, temp.Store.KeyCount(0));
    }

    [Fact]
    public async Task Evicted_collections_can_be_renamed_moved_copied_and_deleted()
    {
        using var temp = new TempStore(collectionBytes: 1L << 20);
        using var session = temp.Store.NewSession();
        for (int h = 0; h < Hashes; h++) Fill(session, 0, $"h{h}", FieldsPerHash);
        Assert.True(await temp.Store.CheckpointAsync());
        temp.Store.EvictColdCollections(session);
        var evictedKeys = Enumerable.Range(0, Hashes).Where(h => IsEvicted(temp, $"h{h}")).Take(4).ToList();
        Assert.Equal(4, evictedKeys.Count);

        Assert.True(session.Done(session.Copy(0, B($"h{evictedKeys[0]}"), 0, B("copied"), replace: false, deleteSource: false)).IsOk);
        Assert.True(session.Done(session.Copy(0, B($"h{evictedKeys[1]}"), 0, B("renamed"), replace: false, deleteSource: true)).IsOk);
        Assert.True(session.Done(session.Copy(0, B($"h{evictedKeys[2]}"), 5, B("moved"), replace: false, deleteSource: true)).IsOk);
        Assert.True(session.Done(session.Delete(0, B($"h{evictedKeys[3]}"))).IsOk);
        temp.Store.EvictColdCollections(session); // deletes the released image

        Assert.Equal($"h{evictedKeys[0]}:3:".PadRight(40, 'x'), FieldOf(session, 0, "copied", 3));
        Assert.Equal($"h{evictedKeys[0]}:3:".PadRight(40, 'x'), FieldOf(session, 0, $"h{evictedKeys[0]}", 3));
        Assert.Equal($"h{evictedKeys[1]}:3:".PadRight(40, 'x'), FieldOf(session, 0, "renamed", 3));
        Assert.Null(FieldOf(session, 0, $"h{evictedKeys[1]}", 3));
        Assert.Equal($"h{evictedKeys[2]}:3:".PadRight(40, 'x'), FieldOf(session, 5, "moved", 3));
        Assert.Null(FieldOf(session, 0, $"h{evictedKeys[3]}", 3));
        Assert.Empty(temp.Store.Objects.ImagesToDelete);
    }

    private static bool IsEvicted(TempStore temp, string key)
        => temp.Store.Objects.Entries.Any(entry => entry.Value is EvictedObject && entry.Value.Key.AsSpan().SequenceEqual(B(key)));
}
