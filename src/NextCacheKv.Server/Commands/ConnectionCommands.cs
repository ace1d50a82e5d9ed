using System.Buffers;
using System.Text;
using NextCacheKv.Protocol;

namespace NextCacheKv.Server.Commands;

/// <summary>PING, ECHO, QUIT, RESET, SELECT, AUTH, HELLO.</summary>
internal static class ConnectionCommands
{
    public static ValueTask Ping(CommandContext c)
    {
        if (c.Count > 2) c.Error(Errors.WrongArity("ping"));
        else if (c.Protocol == 2 && c.Client.Subscriptions > 0)
        {
            // RESP2 subscribed mode: PING answers in the shape of a message, ["pong", argument or ""].
            c.ArrayHeader(2);
            c.Bulk("pong"u8);
            c.Bulk(c.Count == 2 ? c.Arg(1) : default);
        }
        else if (c.Count == 2) c.Bulk(c.Arg(1));
        else c.Writer.Write(RespLiterals.Pong);
        return default;
    }

    public static ValueTask Echo(CommandContext c)
    {
        c.Bulk(c.Arg(1));
        return default;
    }

    public static ValueTask Quit(CommandContext c)
    {
        c.Ok();
        c.CloseAfterReply = true;
        return default;
    }

    public static ValueTask Reset(CommandContext c)
    {
        var client = c.Client;
        // RESET turns replies back on (it answers even after CLIENT REPLY OFF, though not when SKIP applies to it).
        if (client.ReplyMode == ReplyMode.Off) c.SuppressReply(false);
        client.Db = 0;
        client.Protocol = 2;
        client.Name = null;
        client.ReplyMode = ReplyMode.On;
        client.NoEvict = false;
        client.InMulti = false;
        client.MultiFailed = false;
        client.Queued.Clear();
        c.Server.Watches.UnwatchAll(client);
        if (c.SubscriberOrNull is { } subscriber) c.Server.PubSub.UnsubscribeAll(subscriber);
        client.Authenticated = c.Server.Options.RequirePass is null;
        c.SimpleString("RESET");
        return default;
    }

    public static ValueTask Select(CommandContext c)
    {
        if (!c.Request.TryGetInt64(1, out long db)) c.Error(Errors.NotInteger);
        else if (db is < int.MinValue or > int.MaxValue) c.Error(Errors.NotInt32);
        else if (db < 0 || db >= c.Server.Store.Databases) c.Error(Errors.DbIndexOutOfRange);
        else
        {
            c.Client.Db = (int)db;
            c.Ok();
        }
        return default;
    }

    public static ValueTask Auth(CommandContext c)
    {
        if (c.Count > 3)
        {
            c.Error(Errors.Syntax);
            return default;
        }
        string? user = c.Count == 3 ? c.ArgString(1) : null;
        string password = c.ArgString(c.Count - 1);
        if (c.Server.Options.RequirePass is null && user is null)
        {
            c.Error("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
            return default;
        }
        if (TryAuthenticate(c, user, password)) c.Ok();
        else c.Error(Errors.WrongPass);
        return default;
    }

    private static bool TryAuthenticate(CommandContext c, string? user, string password)
    {
        string? required = c.Server.Options.RequirePass;
        bool ok = (user is null || user == "default") && (required is null || FixedTimeEquals(password, required));
        if (ok) c.Client.Authenticated = true;
        return ok;
    }

    private static bool FixedTimeEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    public static ValueTask Hello(CommandContext c)
    {
        int protocol = c.Client.Protocol;
        int next = 1;
        if (c.Count >= 2)
        {
            if (!c.Request.TryGetInt64(1, out long requested) || requested > int.MaxValue || requested < int.MinValue)
            {
                c.Error("ERR Protocol version is not an integer or out of range");
                return default;
            }
            if (requested is < 2 or > 3)
            {
                c.Error("NOPROTO unsupported protocol version");
                return default;
            }
            protocol = (int)requested;
            next = 2;
        }
        string? name = null;
        bool authenticated = false;
        for (int i = next; i < c.Count; i++)
        {
            bool more = i + 1 < c.Count;
            if (c.ArgIs(i, "AUTH"u8) && i + 2 < c.Count)
            {
                if (!TryAuthenticate(c, c.ArgString(i + 1), c.ArgString(i + 2)))
                {
                    c.Error(Errors.WrongPass);
                    return default;
                }
                authenticated = true;
                i += 2;
            }
            else if (c.ArgIs(i, "SETNAME"u8) && more)
            {
                name = c.ArgString(i + 1);
                if (!ClientCommands.IsValidName(name))
                {
                    c.Error(ClientCommands.InvalidNameError);
                    return default;
                }
                i++;
            }
            else
            {
                c.Error($"ERR Syntax error in HELLO option '{Errors.Truncate(c.ArgString(i))}'");
                return default;
            }
        }
        if (!c.Client.Authenticated && !authenticated)
        {
            c.Error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time");
            return default;
        }
        if (name is not null) c.Client.Name = name.Length == 0 ? null : name;
        c.Client.Protocol = protocol;
        c.MapHeader(7);
        c.Bulk("server"u8); c.Bulk("redis"u8);
        c.Bulk("version"u8); c.Bulk(ServerInfo.RedisVersion);
        c.Bulk("proto"u8); c.Integer(protocol);
        c.Bulk("id"u8); c.Integer(c.Client.Id);
        c.Bulk("mode"u8); c.Bulk("standalone"u8);
        c.Bulk("role"u8); c.Bulk("master"u8);
        c.Bulk("modules"u8); c.ArrayHeader(0);
        return default;
    }
}
