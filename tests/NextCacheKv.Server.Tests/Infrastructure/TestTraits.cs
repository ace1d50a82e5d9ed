namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>Traits the test script filters on.</summary>
public static class TestTraits
{
    public const string Runs = "Runs";

    /// <summary>Tests that start the server as a process: scripts/test.sh runs them again against the native build.</summary>
    public const string HostProcess = "HostProcess";
}
