namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>
/// What a failed save-and-restart test prints: both servers' logs (was the final checkpoint written, what did the
/// restart recover) and the data folder's files with their sizes.
/// </summary>
public static class RestartDiagnostics
{
    public static string Describe(string firstOutput, RunningHost second, string dataDirectory) =>
        $"first server:\n{firstOutput}\nsecond server:\n{second.Process.Output}\ndata folder: "
        + string.Join(", ", Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories)
            .Select(file => $"{Path.GetRelativePath(dataDirectory, file)} {new FileInfo(file).Length}"));
}
