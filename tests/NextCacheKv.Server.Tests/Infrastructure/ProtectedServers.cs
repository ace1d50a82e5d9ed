namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>
/// Starts NextCacheKv or real Redis with the same requirepass, so AUTH tests can prove each expected
/// reply against Redis itself.
/// </summary>
public static class ProtectedServers
{
    public const string Password = "secret";

    public static async Task<IRespServer> StartAsync(string name) => name switch
    {
        RespServers.NextCacheKv => await TestServer.StartAsync(options => options.RequirePass = Password),
        RespServers.Redis => await RedisServerProcess.StartAsync("--requirepass", Password),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown server kind."),
    };
}
