namespace NextCacheKv.Server;

/// <summary>
/// Keyspace notifications: which classes <c>notify-keyspace-events</c> enables, and the publishing of
/// <c>__keyspace@db__:key</c> and <c>__keyevent@db__:event</c> messages for the enabled ones.
/// </summary>
public sealed class KeyspaceEvents
{
    private volatile int classes;

    /// <summary>Publishes one message to a channel; wired to the pub/sub broker.</summary>
    public Action<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>? Publish { get; set; }

    public NotifyClasses Classes
    {
        get => (NotifyClasses)classes;
        set => classes = (int)value;
    }

    public bool Enabled => classes != 0;

    public void Notify(int db, NotifyClasses type, string eventName, ReadOnlySpan<byte> key)
    {
        var enabled = (NotifyClasses)classes;
        if ((enabled & type) == 0 || (enabled & (NotifyClasses.Keyspace | NotifyClasses.Keyevent)) == 0) return;
        var publish = Publish;
        if (publish is null) return;
        if ((enabled & NotifyClasses.Keyspace) != 0)
        {
            var channel = Concat($"__keyspace@{db}__:", key);
            publish(channel, System.Text.Encoding.ASCII.GetBytes(eventName));
        }
        if ((enabled & NotifyClasses.Keyevent) != 0)
        {
            publish(System.Text.Encoding.ASCII.GetBytes($"__keyevent@{db}__:{eventName}"), key.ToArray());
        }
    }

    private static byte[] Concat(string prefix, ReadOnlySpan<byte> key)
    {
        var bytes = new byte[prefix.Length + key.Length];
        System.Text.Encoding.ASCII.GetBytes(prefix, bytes);
        key.CopyTo(bytes.AsSpan(prefix.Length));
        return bytes;
    }
}
