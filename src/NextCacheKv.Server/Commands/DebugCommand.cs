namespace NextCacheKv.Server.Commands;

/// <summary>
/// DEBUG answers as a Redis 7 with its default <c>enable-debug-command no</c>: refused, with Redis's own
/// text, so tools that probe it (and fall back) see exactly what they see on a stock Redis.
/// </summary>
internal static class DebugCommand
{
    private const string NotAllowed = "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.";

    public static ValueTask Debug(CommandContext c)
    {
        c.Error(NotAllowed);
        return default;
    }
}
