using System.Globalization;

namespace NextCacheKv.Server.PubSub;

/// <summary>One class of <c>client-output-buffer-limit</c>: hard bytes, soft bytes, seconds over soft (0 = no limit).</summary>
public readonly record struct OutputBufferLimit(long HardBytes, long SoftBytes, int SoftSeconds);

/// <summary>
/// Redis's <c>client-output-buffer-limit</c>: normal, replica and pubsub classes. Only pubsub is
/// enforced here (normal replies are paced by the client's own reading; there are no replicas); the
/// others are kept so CONFIG GET answers what was set.
/// </summary>
public sealed class OutputBufferLimits
{
    public const string WrongCount = "Wrong number of arguments in buffer limit configuration.";
    public const string InvalidClass = "Invalid client class specified in buffer limit configuration.";
    public const string InvalidValue = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";

    private volatile Holder current = new(new(0, 0, 0), new(256L << 20, 64L << 20, 60), new(32L << 20, 8L << 20, 60));

    private sealed record Holder(OutputBufferLimit Normal, OutputBufferLimit Replica, OutputBufferLimit PubSub);

    public OutputBufferLimit Normal => current.Normal;
    public OutputBufferLimit Replica => current.Replica;
    public OutputBufferLimit PubSub => current.PubSub;

    /// <summary>Redis's CONFIG GET form: <c>normal 0 0 0 slave … pubsub …</c>.</summary>
    public string Format()
    {
        var c = current;
        return $"normal {Text(c.Normal)} slave {Text(c.Replica)} pubsub {Text(c.PubSub)}";

        static string Text(OutputBufferLimit l) => string.Create(CultureInfo.InvariantCulture, $"{l.HardBytes} {l.SoftBytes} {l.SoftSeconds}");
    }

    /// <summary>
    /// Applies "class hard soft seconds" groups, all or nothing. Returns null, or Redis's reason for
    /// refusing. Sizes take Redis units (1mb, 1k); an empty value changes nothing.
    /// </summary>
    public string? TrySet(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length % 4 != 0) return WrongCount;
        var next = current;
        for (int i = 0; i < parts.Length; i += 4)
        {
            string name = parts[i].ToLowerInvariant();
            if (name is not ("normal" or "slave" or "replica" or "pubsub")) return InvalidClass;
            if (!MemorySize.TryParse(parts[i + 1], out long hard) || !MemorySize.TryParse(parts[i + 2], out long soft)
                || !long.TryParse(parts[i + 3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds) || seconds < 0)
                return InvalidValue;
            // Redis stores the seconds in a C int: larger values wrap the same way.
            var limit = new OutputBufferLimit(hard, soft, unchecked((int)seconds));
            next = name switch
            {
                "normal" => next with { Normal = limit },
                "pubsub" => next with { PubSub = limit },
                _ => next with { Replica = limit },
            };
        }
        current = next;
        return null;
    }
}
