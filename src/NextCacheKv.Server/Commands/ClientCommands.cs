using System.Text;

namespace NextCacheKv.Server.Commands;

/// <summary>CLIENT SETNAME|GETNAME|ID|SETINFO|LIST|INFO|KILL|NO-EVICT|REPLY.</summary>
internal static class ClientCommands
{
    public const string InvalidNameError = "ERR Client names cannot contain spaces, newlines or special characters.";

    public static bool IsValidName(string name)
    {
        foreach (char ch in name) if (ch < '!' || ch > '~') return false;
        return true;
    }

    public static ValueTask Client(CommandContext c)
    {
        string sub = c.ArgString(1).ToLowerInvariant();
        switch (sub)
        {
            case "setname" when c.Count == 3:
            {
                string name = c.ArgString(2);
                if (!IsValidName(name)) c.Error(InvalidNameError);
                else
                {
                    c.Client.Name = name.Length == 0 ? null : name;
                    c.Ok();
                }
                break;
            }
            case "getname" when c.Count == 2:
                if (c.Client.Name is null) c.NullBulk();
                else c.Bulk(c.Client.Name);
                break;
            case "id" when c.Count == 2:
                c.Integer(c.Client.Id);
                break;
            case "setinfo" when c.Count == 4:
                SetInfo(c);
                break;
            case "list":
                c.Writer.WriteVerbatim(string.Concat(c.Server.Clients.All.Select(x => x.Client.Describe() + "\n")), c.Protocol);
                break;
            case "info" when c.Count == 2:
                c.Writer.WriteVerbatim(c.Client.Describe() + "\n", c.Protocol);
                break;
            case "kill" when c.Count >= 3:
                Kill(c);
                break;
            case "no-evict" when c.Count == 3:
            case "no-touch" when c.Count == 3:
                if (c.ArgIs(2, "ON"u8) || c.ArgIs(2, "OFF"u8))
                {
                    if (sub == "no-evict") c.Client.NoEvict = c.ArgIs(2, "ON"u8);
                    c.Ok();
                }
                else c.Error(Errors.Syntax);
                break;
            case "reply" when c.Count == 3:
                if (c.ArgIs(2, "ON"u8))
                {
                    c.Client.ReplyMode = ReplyMode.On;
                    c.SuppressReply(false);
                    c.Ok();
                }
                else if (c.ArgIs(2, "OFF"u8)) c.Client.ReplyMode = ReplyMode.Off;
                else if (c.ArgIs(2, "SKIP"u8))
                {
                    // As in Redis, SKIP means nothing while replies are OFF.
                    if (c.Client.ReplyMode != ReplyMode.Off) c.Client.ReplyMode = ReplyMode.Skip;
                }
                else c.Error(Errors.Syntax);
                break;
            case "setname" or "getname" or "id" or "setinfo" or "info" or "no-evict" or "no-touch" or "reply" or "kill":
                c.Error(Errors.WrongArity($"client|{sub}"));
                break;
            default:
                c.Error(Errors.UnknownSubcommand(c.ArgString(1), "client"));
                break;
        }
        return default;
    }

    private static void SetInfo(CommandContext c)
    {
        string value = c.ArgString(3);
        if (c.ArgIs(2, "LIB-NAME"u8))
        {
            if (value.Contains(' ') || !IsValidName(value.Replace(" ", "")))
            {
                c.Error("ERR lib-name cannot contain spaces, newlines or special characters.");
                return;
            }
            c.Client.LibName = value;
        }
        else if (c.ArgIs(2, "LIB-VER"u8))
        {
            if (value.Contains(' ') || !IsValidName(value.Replace(" ", "")))
            {
                c.Error("ERR lib-ver cannot contain spaces, newlines or special characters.");
                return;
            }
            c.Client.LibVersion = value;
        }
        else
        {
            c.Error($"ERR Unrecognized option '{Errors.Truncate(c.ArgString(2))}'");
            return;
        }
        c.Ok();
    }

    /// <summary>CLIENT KILL addr, or the filter form: ID id | TYPE type | USER name | ADDR addr | LADDR addr | SKIPME yes/no.</summary>
    private static void Kill(CommandContext c)
    {
        if (c.Count == 3)
        {
            string addr = c.ArgString(2);
            var target = c.Server.Clients.All.FirstOrDefault(x => Address(x.Client.RemoteEndPoint) == addr);
            if (target is null)
            {
                c.Error("ERR No such client");
                return;
            }
            target.Abort();
            c.Ok();
            return;
        }
        if (c.Count < 4 || c.Count % 2 != 0)
        {
            c.Error(Errors.Syntax);
            return;
        }
        long? id = null;
        string? address = null, localAddress = null;
        bool? pubSub = null;
        bool skipMe = true, noneMatch = false;
        for (int i = 2; i < c.Count; i += 2)
        {
            string value = c.ArgString(i + 1);
            if (c.ArgIs(i, "ID"u8))
            {
                if (!long.TryParse(value, out long parsed) || parsed <= 0)
                {
                    c.Error("ERR client-id should be greater than 0");
                    return;
                }
                id = parsed;
            }
            else if (c.ArgIs(i, "TYPE"u8))
            {
                switch (value.ToLowerInvariant())
                {
                    case "normal": pubSub = false; break;
                    case "pubsub": pubSub = true; break;
                    // No masters or replicas here: the filter matches nobody.
                    case "master" or "replica" or "slave": noneMatch = true; break;
                    default:
                        c.Error($"ERR Unknown client type '{value}'");
                        return;
                }
            }
            else if (c.ArgIs(i, "USER"u8))
            {
                // Every client is the default user until ACLs exist.
                if (value != "default")
                {
                    c.Error($"ERR No such user '{value}'");
                    return;
                }
            }
            else if (c.ArgIs(i, "ADDR"u8)) address = value;
            else if (c.ArgIs(i, "LADDR"u8)) localAddress = value;
            else if (c.ArgIs(i, "SKIPME"u8))
            {
                if (value.Equals("yes", StringComparison.OrdinalIgnoreCase)) skipMe = true;
                else if (value.Equals("no", StringComparison.OrdinalIgnoreCase)) skipMe = false;
                else
                {
                    c.Error(Errors.Syntax);
                    return;
                }
            }
            else
            {
                c.Error(Errors.Syntax);
                return;
            }
        }
        long killed = 0;
        foreach (var connection in c.Server.Clients.All.ToList())
        {
            var client = connection.Client;
            if (id is not null && client.Id != id) continue;
            if (noneMatch || (pubSub is not null && (client.Subscriptions > 0) != pubSub)) continue;
            if (address is not null && Address(client.RemoteEndPoint) != address) continue;
            if (localAddress is not null && Address(client.LocalEndPoint) != localAddress) continue;
            if (skipMe && client == c.Client) continue;
            connection.Abort();
            killed++;
        }
        c.Integer(killed);
    }

    private static string Address(System.Net.EndPoint? endPoint) =>
        endPoint is System.Net.IPEndPoint ip ? $"{ip.Address}:{ip.Port}" : endPoint?.ToString() ?? "";
}

internal static class VerbatimExtensions
{
    /// <summary>CLIENT LIST / INFO reply: verbatim text in RESP3, a bulk string in RESP2.</summary>
    public static void WriteVerbatim(this System.IO.Pipelines.PipeWriter writer, string text, int protocol)
        => NextCacheKv.Protocol.RespWriter.WriteVerbatimString(writer, Encoding.UTF8.GetBytes(text), protocol);
}
