namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>Locates the built server (nextcachekv.dll) that process-level tests run.</summary>
public static class HostExecutable
{
    private const string FileName = "nextcachekv.dll";

    public static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("NEXTCACHEKV_DLL");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return File.Exists(fromEnvironment) ? fromEnvironment : throw new FileNotFoundException($"NEXTCACHEKV_DLL points to a missing file: {fromEnvironment}");

        // The test project references the Host project, so the build copies the server next to the tests.
        var besideTests = Path.Combine(AppContext.BaseDirectory, FileName);
        if (File.Exists(besideTests))
            return besideTests;

        throw new FileNotFoundException($"{FileName} was not found in {AppContext.BaseDirectory}; build the solution first.");
    }

    /// <summary>
    /// The server executable from NEXTCACHEKV_BIN, run as it is: the default build (scripts/build-server.sh) or
    /// the native one (scripts/build-server.sh --native); null runs <see cref="Locate"/>'s dll with dotnet. The
    /// test script runs the process-level tests against both builds.
    /// </summary>
    public static string? Binary()
    {
        var path = Environment.GetEnvironmentVariable("NEXTCACHEKV_BIN");
        if (string.IsNullOrEmpty(path)) return null;
        return File.Exists(path) ? path : throw new FileNotFoundException($"NEXTCACHEKV_BIN points to a missing file: {path}");
    }

    /// <summary>True when the server under test is the Native AOT build: an executable with no runtime beside it.</summary>
    public static bool IsNativeBuild => Binary() is { } binary
        && !File.Exists(Path.Combine(Path.GetDirectoryName(binary)!, "System.Private.CoreLib.dll"));

    /// <summary>The dotnet host that runs these tests, so the server uses the same runtime.</summary>
    public static string DotnetHost()
    {
        var fromBuild = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromBuild) && File.Exists(fromBuild))
            return fromBuild;
        var processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "dotnet")
            return processPath;
        return "dotnet";
    }
}
