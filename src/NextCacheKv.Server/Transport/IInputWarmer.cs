namespace NextCacheKv.Server.Transport;

/// <summary>
/// What an event loop asks of a connection's server side, between reading a group of ready sockets and running
/// their commands: warm the CPU cache for the request just read, in two steps, so the memory misses of many
/// connections' keys overlap instead of queueing one connection at a time. A hint: it changes no state.
/// </summary>
public interface IInputWarmer
{
    /// <summary>Prefetches the hash bucket of the key of the request in <paramref name="input"/>; returns a token for <see cref="WarmRecord"/> (0: nothing to follow).</summary>
    long WarmBucket(ReadOnlySpan<byte> input);

    /// <summary>Prefetches the record the bucket points to.</summary>
    void WarmRecord(long token);
}
