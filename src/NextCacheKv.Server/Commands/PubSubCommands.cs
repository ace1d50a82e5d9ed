using NextCacheKv.Protocol;
using NextCacheKv.Server.PubSub;
using Kind = NextCacheKv.Server.PubSub.PubSubBroker.Kind;

namespace NextCacheKv.Server.Commands;

/// <summary>SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, SSUBSCRIBE, SUNSUBSCRIBE, PUBLISH, SPUBLISH, PUBSUB.</summary>
internal static class PubSubCommands
{
    public static ValueTask Subscribe(CommandContext c) => SubscribeEach(c, Kind.Channel, "subscribe"u8);
    public static ValueTask PSubscribe(CommandContext c) => SubscribeEach(c, Kind.Pattern, "psubscribe"u8);
    public static ValueTask SSubscribe(CommandContext c) => SubscribeEach(c, Kind.Shard, "ssubscribe"u8);
    public static ValueTask Unsubscribe(CommandContext c) => UnsubscribeEach(c, Kind.Channel, "unsubscribe"u8);
    public static ValueTask PUnsubscribe(CommandContext c) => UnsubscribeEach(c, Kind.Pattern, "punsubscribe"u8);
    public static ValueTask SUnsubscribe(CommandContext c) => UnsubscribeEach(c, Kind.Shard, "sunsubscribe"u8);

    /// <summary>One confirmation per argument, each with the running count of this kind's subscriptions (channels+patterns for the classic ones).</summary>
    private static ValueTask SubscribeEach(CommandContext c, Kind kind, ReadOnlySpan<byte> reply)
    {
        var subscriber = c.Subscriber;
        for (int i = 1; i < c.Count; i++)
        {
            c.Server.PubSub.Subscribe(subscriber, kind, c.Arg(i));
            PubSubFrames.Confirmation(c.Writer, reply, c.Arg(i), true, CountFor(c.Client, kind), c.Protocol);
        }
        return default;
    }

    /// <summary>The named subscriptions, or all of this kind when none is named (one null confirmation when there are none).</summary>
    private static ValueTask UnsubscribeEach(CommandContext c, Kind kind, ReadOnlySpan<byte> reply)
    {
        var subscriber = c.SubscriberOrNull;
        if (c.Count > 1)
        {
            for (int i = 1; i < c.Count; i++)
            {
                if (subscriber is not null) c.Server.PubSub.Unsubscribe(subscriber, kind, c.Arg(i));
                PubSubFrames.Confirmation(c.Writer, reply, c.Arg(i), true, CountFor(c.Client, kind), c.Protocol);
            }
            return default;
        }
        var names = subscriber is null ? [] : c.Server.PubSub.SubscriptionsOf(subscriber, kind);
        if (names.Length == 0)
        {
            PubSubFrames.Confirmation(c.Writer, reply, default, false, CountFor(c.Client, kind), c.Protocol);
            return default;
        }
        foreach (var name in names)
        {
            c.Server.PubSub.Unsubscribe(subscriber!, kind, name);
            PubSubFrames.Confirmation(c.Writer, reply, name, true, CountFor(c.Client, kind), c.Protocol);
        }
        return default;
    }

    /// <summary>Redis counts channels and patterns together; shard channels on their own.</summary>
    private static int CountFor(ClientState client, Kind kind)
        => kind == Kind.Shard ? client.ShardSubscriptions : client.ChannelSubscriptions + client.PatternSubscriptions;

    public static ValueTask Publish(CommandContext c)
    {
        c.Integer(c.Server.PubSub.Publish(c.Arg(1), c.Arg(2), c));
        return default;
    }

    public static ValueTask SPublish(CommandContext c)
    {
        c.Integer(c.Server.PubSub.PublishShard(c.Arg(1), c.Arg(2), c));
        return default;
    }

    private static readonly string[] HelpLines =
    [
        "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
        "HELP",
        "    Prints this help.",
    ];

    /// <summary>PUBSUB CHANNELS|NUMSUB|NUMPAT|SHARDCHANNELS|SHARDNUMSUB|HELP, with Redis's per-subcommand arity errors.</summary>
    public static ValueTask PubSub(CommandContext c)
    {
        string sub = c.ArgString(1).ToLowerInvariant();
        var broker = c.Server.PubSub;
        switch (sub)
        {
            case "help" or "numpat" when c.Count != 2:
                c.Error(Errors.WrongArity($"pubsub|{sub}"));
                break;
            case "help":
                c.ArrayHeader(HelpLines.Length);
                foreach (var line in HelpLines) c.SimpleString(line);
                break;
            case "numpat":
                c.Integer(broker.PatternCount);
                break;
            case "channels" or "shardchannels" when c.Count <= 3:
            {
                var names = broker.ActiveChannels(sub == "shardchannels", c.Count == 3 ? c.Arg(2) : default, c.Count == 3);
                c.ArrayHeader(names.Count);
                foreach (var name in names) c.Bulk(name);
                break;
            }
            case "numsub" or "shardnumsub":
                // A flat array in RESP3 too, as Redis answers.
                c.ArrayHeader(2 * (c.Count - 2));
                for (int i = 2; i < c.Count; i++)
                {
                    c.Bulk(c.Arg(i));
                    c.Integer(broker.SubscriberCount(sub == "shardnumsub", c.Arg(i)));
                }
                break;
            case "channels" or "shardchannels":
                c.Error($"ERR unknown subcommand or wrong number of arguments for '{Errors.Truncate(c.ArgString(1))}'. Try PUBSUB HELP.");
                break;
            default:
                c.Error(Errors.UnknownSubcommand(c.ArgString(1), "pubsub"));
                break;
        }
        return default;
    }
}
