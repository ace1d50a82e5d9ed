namespace NextCacheKv.Storage;

/// <summary>A file replaced whole: written beside it, flushed to disk, then renamed over it, so a crash leaves the old or the new one.</summary>
internal static class DurableFile
{
    public static void Replace(string path, Action<FileStream> write, int bufferSize = 4096)
    {
        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize))
        {
            write(file);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
