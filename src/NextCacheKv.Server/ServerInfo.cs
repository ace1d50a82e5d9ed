namespace NextCacheKv.Server;

/// <summary>What the server says about itself to clients (HELLO, INFO).</summary>
public static class ServerInfo
{
    /// <summary>The Redis version whose behaviour we follow; clients gate features on it.</summary>
    public const string RedisVersion = "7.2.4";
    public const string Name = "nextcachekv";
    public static readonly string Version = typeof(ServerInfo).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";
}
