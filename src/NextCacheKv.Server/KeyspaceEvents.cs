using System.Text;
using NextCacheKv.Server.PubSub;

namespace NextCacheKv.Server;

/// <summary>
/// Keyspace notifications: which classes <c>notify-keyspace-events</c> enables, and the publishing of
/// <c>__keyspace@db__:key</c> and <c>__keyevent@db__:event</c> messages for the enabled ones.
/// </summary>
public sealed class KeyspaceEvents
{
    public const string InvalidClassMessage = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";

    private volatile int classes;

    /// <summary>Where the messages go; set by the server to its broker.</summary>
    public PubSubBroker? Broker { get; set; }

    public NotifyClasses Classes
    {
        get => (NotifyClasses)classes;
        set => classes = (int)value;
    }

    public bool Enabled => classes != 0;

    /// <summary>
    /// Publishes the event if its class is enabled and anyone subscribes at all. Safe from any thread,
    /// including under store locks: publishing only appends to subscribers' outboxes.
    /// <paramref name="origin"/> is the command that caused it (null for expiry).
    /// </summary>
    public void Notify(int db, NotifyClasses type, string eventName, ReadOnlySpan<byte> key, CommandContext? origin = null)
    {
        var enabled = (NotifyClasses)classes;
        if ((enabled & type) == 0 || (enabled & (NotifyClasses.Keyspace | NotifyClasses.Keyevent)) == 0) return;
        var broker = Broker;
        if (broker is null || !broker.HasSubscribers) return;
        Span<byte> eventBytes = stackalloc byte[eventName.Length];
        Encoding.ASCII.GetBytes(eventName, eventBytes);
        if ((enabled & NotifyClasses.Keyspace) != 0) PublishOn(broker, "__keyspace@"u8, db, key, eventBytes, origin);
        if ((enabled & NotifyClasses.Keyevent) != 0) PublishOn(broker, "__keyevent@"u8, db, eventBytes, key, origin);
    }

    /// <summary>Publishes <paramref name="message"/> on <c>{kind}{db}__:{tail}</c>, the channel built in a pooled buffer.</summary>
    private static void PublishOn(PubSubBroker broker, ReadOnlySpan<byte> kind, int db, ReadOnlySpan<byte> tail, ReadOnlySpan<byte> message, CommandContext? origin)
    {
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(kind.Length + 11 + 3 + tail.Length);
        try
        {
            var channel = rented.AsSpan();
            kind.CopyTo(channel);
            int length = kind.Length;
            db.TryFormat(channel[length..], out int digits, default, System.Globalization.CultureInfo.InvariantCulture);
            length += digits;
            "__:"u8.CopyTo(channel[length..]);
            length += 3;
            tail.CopyTo(channel[length..]);
            length += tail.Length;
            broker.Publish(channel[..length], message, origin);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Redis's letters to classes; false on any other character.</summary>
    public static bool TryParse(string letters, out NotifyClasses parsed)
    {
        parsed = NotifyClasses.None;
        foreach (char letter in letters)
        {
            parsed |= letter switch
            {
                'A' => NotifyClasses.All,
                'g' => NotifyClasses.Generic,
                '$' => NotifyClasses.String,
                'l' => NotifyClasses.List,
                's' => NotifyClasses.Set,
                'h' => NotifyClasses.Hash,
                'z' => NotifyClasses.SortedSet,
                'x' => NotifyClasses.Expired,
                'e' => NotifyClasses.Evicted,
                'K' => NotifyClasses.Keyspace,
                'E' => NotifyClasses.Keyevent,
                't' => NotifyClasses.Stream,
                'm' => NotifyClasses.KeyMiss,
                'd' => NotifyClasses.Module,
                'n' => NotifyClasses.New,
                _ => (NotifyClasses)(-1),
            };
            if (parsed == (NotifyClasses)(-1)) return false;
        }
        return true;
    }

    /// <summary>Redis's canonical form, as CONFIG GET shows it: "A" or the class letters, then K, E, m (and "n" only without A, as Redis 7.0 prints it).</summary>
    public static string Format(NotifyClasses flags)
    {
        var text = new StringBuilder();
        if ((flags & NotifyClasses.All) == NotifyClasses.All) text.Append('A');
        else
        {
            (NotifyClasses Flag, char Letter)[] order =
            [
                (NotifyClasses.Generic, 'g'), (NotifyClasses.String, '$'), (NotifyClasses.List, 'l'), (NotifyClasses.Set, 's'),
                (NotifyClasses.Hash, 'h'), (NotifyClasses.SortedSet, 'z'), (NotifyClasses.Expired, 'x'), (NotifyClasses.Evicted, 'e'),
                (NotifyClasses.Stream, 't'), (NotifyClasses.Module, 'd'), (NotifyClasses.New, 'n'),
            ];
            foreach (var (flag, letter) in order)
                if ((flags & flag) != 0) text.Append(letter);
        }
        if ((flags & NotifyClasses.Keyspace) != 0) text.Append('K');
        if ((flags & NotifyClasses.Keyevent) != 0) text.Append('E');
        if ((flags & NotifyClasses.KeyMiss) != 0) text.Append('m');
        return text.ToString();
    }
}
