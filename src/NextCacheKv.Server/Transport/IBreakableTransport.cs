namespace NextCacheKv.Server.Transport;

/// <summary>
/// A transport that can tell the server its client is gone before the server next reads. A reply pipe
/// whose reader has failed silently discards writes, so a command streaming an endless reply would
/// otherwise never notice.
/// </summary>
internal interface IBreakableTransport
{
    /// <summary>Cancelled when sending to the client failed (reset, broken pipe).</summary>
    CancellationToken Broken { get; }
}
