namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>A fresh folder under the system temp path, removed on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string purpose)
    {
        Path = Directory.CreateTempSubdirectory($"nextcachekv-{purpose}-").FullName;
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A process that is still shutting down may hold a file; leaving temp litter is harmless.
        }
    }
}
