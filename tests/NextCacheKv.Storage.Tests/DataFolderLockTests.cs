using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>One store per data folder: a second is refused while the first is open, and a failed open lets go.</summary>
public class DataFolderLockTests
{
    [Fact]
    public async Task A_second_store_on_an_open_folder_is_refused_naming_the_folder_and_the_holder()
    {
        using var temp = new TempStore();
        using (var session = temp.Store.NewSession()) session.Done(session.Set(0, B("k"), B("v"), StoreFlags.None, 0));
        Assert.True(await temp.Store.CheckpointAsync());

        var refused = Assert.Throws<StoreLockedException>(() => temp.Open());

        Assert.Contains(temp.Directory, refused.Message);
        Assert.Contains($"pid {Environment.ProcessId}", refused.Message);
        // Closed, the folder is free again, with its data.
        temp.Reopen();
        Assert.Equal(1, temp.Store.KeyCount(0));
    }

    [Fact]
    public async Task A_store_that_failed_to_open_lets_go_of_the_folder()
    {
        using var temp = new TempStore();
        Assert.True(await temp.Store.CheckpointAsync());
        temp.Store.Dispose();
        string layout = Path.Combine(temp.Directory, "layout");
        string good = File.ReadAllText(layout);
        File.WriteAllText(layout, "page-size banana\n");

        Assert.Throws<InvalidDataException>(() => temp.Open());

        File.WriteAllText(layout, good);
        using var reopened = temp.Open();
        Assert.Equal(0, reopened.KeyCount(0));
    }
}
