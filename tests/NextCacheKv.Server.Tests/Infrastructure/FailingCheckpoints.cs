namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>Makes every checkpoint of a data folder fail, as on a full disk, until the returned folder is deleted.</summary>
public static class FailingCheckpoints
{
    /// <summary>Puts a folder where the collections' snapshot file goes (the first file a checkpoint writes); returns it.</summary>
    public static string Block(string dataDirectory)
    {
        string blocker = Path.Combine(dataDirectory, "objects", "objects.bin");
        if (File.Exists(blocker)) File.Delete(blocker);
        Directory.CreateDirectory(blocker);
        return blocker;
    }
}
