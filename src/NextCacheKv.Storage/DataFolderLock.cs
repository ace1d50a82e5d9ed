namespace NextCacheKv.Storage;

/// <summary>
/// One store per data folder. Two processes on one folder write the same log segments and checkpoints and
/// corrupt each other, which happens easily: a container restarted while the old one still writes its final
/// checkpoint on a shared volume, or a second server started by hand. The lock is <c>dir/lock</c> held open
/// with no sharing (on Linux .NET takes an exclusive <c>flock</c>, which the kernel drops when the process
/// dies, so a crash never leaves a stale lock). The holder's pid goes in <c>dir/lock.owner</c>, for the message
/// the next one gets: .NET locks every file it opens, so the locked file itself cannot be read meanwhile.
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    private readonly FileStream file;

    private DataFolderLock(FileStream file) => this.file = file;

    /// <summary>Takes the folder's lock, or throws <see cref="StoreLockedException"/> naming the process that holds it.</summary>
    public static DataFolderLock Acquire(string directory)
    {
        string path = Path.Combine(directory, "lock");
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new StoreLockedException($"The data folder '{Path.GetFullPath(directory)}' is in use by another process ({Holder(directory)})", e);
        }
        try
        {
            File.WriteAllText(OwnerPath(directory), $"pid {Environment.ProcessId}\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only the next refusal's message needs it.
        }
        return new DataFolderLock(file);
    }

    private static string OwnerPath(string directory) => Path.Combine(directory, "lock.owner");

    /// <summary>The holder's pid as it wrote it, if it could.</summary>
    private static string Holder(string directory)
    {
        try
        {
            string text = File.ReadAllText(OwnerPath(directory)).Trim();
            return text.Length > 0 ? text : "pid unknown";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "pid unknown";
        }
    }

    public void Dispose() => file.Dispose();
}
