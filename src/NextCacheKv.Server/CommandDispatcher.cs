using System.Buffers;
using NextCacheKv.Protocol;

namespace NextCacheKv.Server;

/// <summary>
/// From a parsed request to its handler: lookup, authentication, arity, subscribed mode and MULTI
/// queueing, in Redis's order. Used by the connection loop, EXEC and scripts.
/// </summary>
internal static class CommandDispatcher
{
    public static ValueTask Dispatch(CommandContext c)
    {
        var client = c.Client;
        var spec = c.Server.Commands.Find(c.Request[0]);
        if (spec is null)
        {
            FailQueueing(client);
            c.Error(UnknownCommandMessage(c.Request));
            return default;
        }
        if (!ReferenceEquals(c.Command, spec)) c.Command = spec;
        if (!client.Authenticated && !spec.Flags.HasFlag(CommandFlags.NoAuth))
        {
            FailQueueing(client);
            c.Error(Errors.NoAuth);
            return default;
        }
        if (!spec.ArityMatches(c.Request.Count))
        {
            FailQueueing(client);
            c.Error(Errors.WrongArity(spec.Name));
            return default;
        }
        // Checked when a command arrives, not inside EXEC: a transaction that subscribes runs to its end (as in Redis).
        if (client.Subscriptions > 0 && client.Protocol == 2 && !c.InsideExclusive && !spec.Flags.HasFlag(CommandFlags.PubSubContext))
        {
            c.Error($"ERR Can't execute '{FullName(c, spec)}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
            return default;
        }
        if (client.InMulti && (spec.Flags & (CommandFlags.NoQueue | CommandFlags.NoMulti)) != CommandFlags.NoQueue)
            return Queue(c, client, spec);
        // Written only when it changes: a reference store costs a GC write barrier, and pipelines repeat one command.
        if (!ReferenceEquals(client.LastCommand, spec.Name)) client.LastCommand = spec.Name;
        return spec.Handler(c);
    }

    /// <summary>Inside MULTI: queues the command, or refuses one Redis refuses there (no_multi), failing the transaction.</summary>
    private static ValueTask Queue(CommandContext c, ClientState client, CommandSpec spec)
    {
        if (spec.Flags.HasFlag(CommandFlags.NoMulti))
        {
            FailQueueing(client);
            c.Error("ERR Command not allowed inside a transaction");
            return default;
        }
        client.Queued.Add(c.Request.CopyArguments());
        c.Writer.Write(QueuedReply);
        return default;
    }

    private static ReadOnlySpan<byte> QueuedReply => "+QUEUED\r\n"u8;

    /// <summary>Redis's commands with subcommands, which it names "container|sub" in errors.</summary>
    private static readonly HashSet<string> Containers = new(StringComparer.OrdinalIgnoreCase)
    {
        "acl", "client", "cluster", "command", "config", "function", "latency", "memory", "module", "object", "pubsub", "script", "slowlog", "xinfo",
    };

    private static string FullName(CommandContext c, CommandSpec spec)
        => c.Count >= 2 && Containers.Contains(spec.Name) ? $"{spec.Name}|{c.ArgString(1).ToLowerInvariant()}" : spec.Name;

    /// <summary>A command that cannot be queued makes the whole transaction fail at EXEC (EXECABORT).</summary>
    private static void FailQueueing(ClientState client)
    {
        if (client.InMulti) client.MultiFailed = true;
    }

    /// <summary>
    /// Redis's text, byte for byte: the name and the first arguments, quoted, each cut at 128 bytes of
    /// arguments in all and at a NUL byte (Redis formats them as C strings).
    /// </summary>
    private static byte[] UnknownCommandMessage(RespRequest request)
    {
        var message = new List<byte>(256);
        message.AddRange("ERR unknown command '"u8);
        message.AddRange(CString(request[0], 128));
        message.AddRange("', with args beginning with: "u8);
        int argsLength = 0;
        for (int i = 1; i < request.Count && argsLength < 128; i++)
        {
            var arg = CString(request[i], 128 - argsLength);
            message.Add((byte)'\'');
            message.AddRange(arg);
            message.AddRange("' "u8);
            argsLength += arg.Length + 3;
        }
        var bytes = message.ToArray();
        for (int i = 0; i < bytes.Length; i++) if (bytes[i] is (byte)'\r' or (byte)'\n') bytes[i] = (byte)' ';
        return bytes;
    }

    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> text, int max)
    {
        int nul = text.IndexOf((byte)0);
        if (nul >= 0) text = text[..nul];
        return text.Length > max ? text[..max] : text;
    }
}
