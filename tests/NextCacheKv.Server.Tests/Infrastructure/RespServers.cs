namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>
/// Starts a server by name, so one protocol test can run against NextCacheKv and against real Redis:
/// the Redis run proves the test's expectation is genuine Redis behaviour.
/// </summary>
public static class RespServers
{
    public const string NextCacheKv = "nextcachekv";
    public const string Redis = "redis";

    public static async Task<IRespServer> StartAsync(string name) => name switch
    {
        NextCacheKv => await TestServer.StartAsync(),
        Redis => await RedisServerProcess.StartAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown server kind."),
    };
}
