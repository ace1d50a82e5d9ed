using System.Diagnostics;

namespace NextCacheKv.Storage;

/// <summary>
/// "Now" in Unix milliseconds for every store operation. The system clock costs about 50 ns per read
/// here; this one reads the monotonic timestamp (a few ns) from a wall-clock anchor that
/// <see cref="Resync"/> refreshes every second, so wall-clock changes show up within a second.
/// An injected clock (tests) is read directly.
/// </summary>
public sealed class StoreClock
{
    private readonly TimeProvider provider;
    private readonly bool fast;
    private Anchor anchor;

    public StoreClock(TimeProvider provider)
    {
        this.provider = provider;
        fast = ReferenceEquals(provider, TimeProvider.System);
        anchor = NewAnchor();
    }

    public long NowMs
    {
        get
        {
            if (!fast) return provider.GetUtcNow().ToUnixTimeMilliseconds();
            var current = Volatile.Read(ref anchor);
            return current.UnixMs + (Stopwatch.GetTimestamp() - current.Timestamp) * 1000 / Stopwatch.Frequency;
        }
    }

    public void Resync() => Volatile.Write(ref anchor, NewAnchor());

    private Anchor NewAnchor() => new(provider.GetUtcNow().ToUnixTimeMilliseconds(), Stopwatch.GetTimestamp());

    private sealed record Anchor(long UnixMs, long Timestamp);
}
