using System.Globalization;

namespace NextCacheKv.Server;

/// <summary>Redis memory units: 1k = 1000, 1kb = 1024, likewise m/mb and g/gb; plain numbers are bytes.</summary>
public static class MemorySize
{
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        text = text.Trim().ToLowerInvariant();
        (string suffix, long factor)[] units = [("gb", 1L << 30), ("mb", 1L << 20), ("kb", 1L << 10), ("g", 1_000_000_000), ("m", 1_000_000), ("k", 1000), ("b", 1)];
        long multiplier = 1;
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                multiplier = factor;
                text = text[..^suffix.Length];
                break;
            }
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long amount) || amount > long.MaxValue / multiplier) return false;
        bytes = amount * multiplier;
        return true;
    }
}
