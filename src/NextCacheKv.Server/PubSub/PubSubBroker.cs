using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.PubSub;

/// <summary>
/// Who listens to what: channels, patterns and shard channels to their subscribers. One lock guards
/// the maps; a publish holds it while it appends to each subscriber's outbox (never while writing to a
/// socket), which keeps every publisher's messages in order. Publishing with nobody subscribed costs
/// one volatile read (keyspace events rely on that).
/// </summary>
public sealed class PubSubBroker
{
    private static ReadOnlySpan<byte> MessageKind => "message"u8;
    private static ReadOnlySpan<byte> PatternMessageKind => "pmessage"u8;
    private static ReadOnlySpan<byte> ShardMessageKind => "smessage"u8;

    private readonly Lock gate = new();
    private readonly Dictionary<byte[], HashSet<Subscriber>> channels = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], HashSet<Subscriber>> patterns = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], HashSet<Subscriber>> shardChannels = new(ByteArrayComparer.Instance);
    private readonly OutputBufferLimits limits;
    private volatile int subscriptions;

    public PubSubBroker(OutputBufferLimits limits) => this.limits = limits;

    public bool HasSubscribers => subscriptions != 0;

    public enum Kind { Channel, Pattern, Shard }

    private Dictionary<byte[], HashSet<Subscriber>> MapOf(Kind kind) => kind switch
    {
        Kind.Channel => channels,
        Kind.Pattern => patterns,
        _ => shardChannels,
    };

    private static HashSet<byte[]> SetOf(Subscriber subscriber, Kind kind) => kind switch
    {
        Kind.Channel => subscriber.Channels,
        Kind.Pattern => subscriber.Patterns,
        _ => subscriber.ShardChannels,
    };

    /// <summary>Adds one subscription; false when it already existed.</summary>
    public bool Subscribe(Subscriber subscriber, Kind kind, ReadOnlySpan<byte> name)
    {
        lock (gate)
        {
            var own = SetOf(subscriber, kind);
            if (own.GetAlternateLookup<ReadOnlySpan<byte>>().Contains(name)) return false;
            var key = name.ToArray();
            own.Add(key);
            var map = MapOf(kind);
            if (!map.TryGetValue(key, out var set)) map[key] = set = [];
            set.Add(subscriber);
            subscriptions++;
            subscriber.UpdateCounts();
            return true;
        }
    }

    /// <summary>Removes one subscription; false when there was none.</summary>
    public bool Unsubscribe(Subscriber subscriber, Kind kind, ReadOnlySpan<byte> name)
    {
        lock (gate)
        {
            var own = SetOf(subscriber, kind);
            if (!own.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(name, out var key)) return false;
            own.Remove(key);
            RemoveFromMap(subscriber, MapOf(kind), key);
            subscriber.UpdateCounts();
            return true;
        }
    }

    /// <summary>A snapshot of a subscriber's subscriptions of one kind (UNSUBSCRIBE without arguments).</summary>
    public byte[][] SubscriptionsOf(Subscriber subscriber, Kind kind)
    {
        lock (gate) return [.. SetOf(subscriber, kind)];
    }

    /// <summary>RESET and disconnection: drops everything silently.</summary>
    public void UnsubscribeAll(Subscriber subscriber)
    {
        lock (gate)
        {
            foreach (var kind in (ReadOnlySpan<Kind>)[Kind.Channel, Kind.Pattern, Kind.Shard])
            {
                var own = SetOf(subscriber, kind);
                foreach (var key in own) RemoveFromMap(subscriber, MapOf(kind), key);
                own.Clear();
            }
            subscriber.UpdateCounts();
        }
    }

    private void RemoveFromMap(Subscriber subscriber, Dictionary<byte[], HashSet<Subscriber>> map, byte[] key)
    {
        if (!map.TryGetValue(key, out var set) || !set.Remove(subscriber)) return;
        subscriptions--;
        if (set.Count == 0) map.Remove(key);
    }

    /// <summary>
    /// Delivers to the channel's subscribers, then to every matching pattern's; returns how many
    /// received it. A message to <paramref name="origin"/> itself is written at once, before its reply
    /// (inside EXEC too, within EXEC's array: Redis 7.0 does exactly that).
    /// </summary>
    public long Publish(ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message, CommandContext? origin = null)
    {
        if (subscriptions == 0) return 0;
        var limit = limits.PubSub;
        long receivers = 0;
        lock (gate)
        {
            if (channels.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(channel, out var direct))
            {
                var frames = new FramePair();
                foreach (var subscriber in direct)
                {
                    Deliver(subscriber, frames.Get(MessageKind, default, false, channel, message, subscriber.Client.Protocol), origin, limit);
                    receivers++;
                }
            }
            foreach (var (pattern, subscribers) in patterns)
            {
                if (!Glob.IsMatch(pattern, channel)) continue;
                var frames = new FramePair();
                foreach (var subscriber in subscribers)
                {
                    Deliver(subscriber, frames.Get(PatternMessageKind, pattern, true, channel, message, subscriber.Client.Protocol), origin, limit);
                    receivers++;
                }
            }
        }
        return receivers;
    }

    /// <summary>SPUBLISH: shard channels only (no patterns), as a standalone Redis does.</summary>
    public long PublishShard(ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message, CommandContext? origin)
    {
        if (subscriptions == 0) return 0;
        var limit = limits.PubSub;
        long receivers = 0;
        lock (gate)
        {
            if (!shardChannels.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(channel, out var direct)) return 0;
            var frames = new FramePair();
            foreach (var subscriber in direct)
            {
                Deliver(subscriber, frames.Get(ShardMessageKind, default, false, channel, message, subscriber.Client.Protocol), origin, limit);
                receivers++;
            }
        }
        return receivers;
    }

    private static void Deliver(Subscriber subscriber, byte[] frame, CommandContext? origin, OutputBufferLimit limit)
    {
        // Only the connection's own context writes inline; any other context (a script's, whose replies
        // are captured) must not receive the frame, so it is queued and follows the command.
        if (origin is not null && ReferenceEquals(origin.SubscriberOrNull, subscriber)) subscriber.WriteNow(frame, origin.Writer);
        else subscriber.Enqueue(frame, limit);
    }

    /// <summary>A frame is encoded at most once per protocol and shared by every subscriber using it.</summary>
    private struct FramePair
    {
        private byte[]? resp2;
        private byte[]? resp3;

        public byte[] Get(ReadOnlySpan<byte> kind, ReadOnlySpan<byte> pattern, bool hasPattern, ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message, int protocol)
            => protocol >= 3
                ? resp3 ??= PubSubFrames.Message(kind, pattern, hasPattern, channel, message, 3)
                : resp2 ??= PubSubFrames.Message(kind, pattern, hasPattern, channel, message, 2);
    }

    /// <summary>PUBSUB CHANNELS / SHARDCHANNELS: active channel names matching <paramref name="pattern"/> (all when null).</summary>
    public List<byte[]> ActiveChannels(bool shard, ReadOnlySpan<byte> pattern, bool hasPattern)
    {
        lock (gate)
        {
            var result = new List<byte[]>();
            foreach (var name in (shard ? shardChannels : channels).Keys)
                if (!hasPattern || Glob.IsMatch(pattern, name)) result.Add(name);
            return result;
        }
    }

    /// <summary>PUBSUB NUMSUB / SHARDNUMSUB: subscribers of one channel (patterns not counted).</summary>
    public int SubscriberCount(bool shard, ReadOnlySpan<byte> channel)
    {
        lock (gate)
            return (shard ? shardChannels : channels).GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(channel, out var set) ? set.Count : 0;
    }

    /// <summary>PUBSUB NUMPAT: distinct patterns subscribed by anyone.</summary>
    public int PatternCount
    {
        get
        {
            lock (gate) return patterns.Count;
        }
    }

    public int ChannelCount
    {
        get
        {
            lock (gate) return channels.Count;
        }
    }

    public int ShardChannelCount
    {
        get
        {
            lock (gate) return shardChannels.Count;
        }
    }
}
