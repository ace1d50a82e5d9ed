namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>Finds external tools the tests drive; a missing tool fails the test with install advice.</summary>
public static class ExecutableLocator
{
    private static readonly string[] FallbackFolders = ["/usr/bin", "/usr/local/bin", "/usr/sbin"];

    public static string Require(string name)
    {
        var pathFolders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var folder in pathFolders.Concat(FallbackFolders))
        {
            var candidate = System.IO.Path.Combine(folder, name);
            if (File.Exists(candidate))
                return candidate;
        }

        // Deliberately a failure, not a skip: CI must install the tool, and a silent skip would hide that it did not.
        throw new InvalidOperationException(
            $"'{name}' was not found on PATH or in {string.Join(", ", FallbackFolders)}. " +
            "Install it with 'apt-get install -y redis-server redis-tools' (scripts/test.sh does this).");
    }
}
