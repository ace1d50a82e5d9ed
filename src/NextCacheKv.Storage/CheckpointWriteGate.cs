using System.Runtime.CompilerServices;
using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// Holds writes back while a checkpoint's snapshot pages are written, once the log has moved too far since it
/// began. FASTER 2.6.5's completion callback for those pages (<c>AllocatorBase.AsyncFlushPageToDeviceCallback</c>)
/// takes the part of the page still mutable as <c>(int)(pageEnd - SafeReadOnlyAddress)</c>: once the read-only
/// address is more than 2 GB past the page, the negative difference wraps to a positive int and the callback
/// walks records from the read-only address for up to 2 GB, off the end of its page (an access violation that
/// kills the process). Written one page at a time (kept for read latency), a 1 GB snapshot takes seconds, and
/// writes faster than that flush, 300 MB/s of large values here, move the read-only address that far. So while
/// the snapshot is being written (<see cref="Phase.WAIT_FLUSH"/>), a write that finds the tail beyond the limit
/// set when the checkpoint began waits for the flush to end. Before that phase nothing waits: the flush has not
/// begun, and a session waiting there could hold back the pending operations the checkpoint waits for.
/// </summary>
internal sealed class CheckpointWriteGate
{
    /// <summary>Room below the 2 GB at which the int wraps: records in flight, and the read-only address's page steps.</summary>
    private const long Margin = 128L << 20;

    /// <summary>A wait never outlasts this, whatever happens to the checkpoint.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(60);

    private readonly long allowanceBytes;
    private long limit = long.MaxValue;
    private long waits;
    private long waitedMs;
    private long totalWaits;
    private long totalWaitedMs;

    /// <param name="allowanceBytes">How far the tail may move during a checkpoint; null for just under 2 GB (tests make it small).</param>
    public CheckpointWriteGate(long? allowanceBytes = null) => this.allowanceBytes = allowanceBytes ?? (2L << 30) - Margin;

    /// <summary>Writes that waited since the last <see cref="Arm"/>.</summary>
    public long Waits => Interlocked.Read(ref waits);

    /// <summary>Their waits added up, in milliseconds.</summary>
    public long WaitedMs => Interlocked.Read(ref waitedMs);

    /// <summary>Writes that waited since the store opened (INFO).</summary>
    public long TotalWaits => Interlocked.Read(ref totalWaits);

    /// <summary>Their waits added up since the store opened, in milliseconds (INFO).</summary>
    public long TotalWaitedMs => Interlocked.Read(ref totalWaitedMs);

    /// <summary>
    /// A checkpoint begins: the tail may move <see cref="allowanceBytes"/> less the read-only part still in memory
    /// before writes wait. The snapshot starts where the log is flushed up to, which lies in that part; FASTER
    /// does not expose it, so the whole part counts (a tenth of the log memory by default).
    /// </summary>
    public void Arm(FasterKV<SpanByte, SpanByte> kv)
    {
        var log = kv.Log;
        long backlog = Math.Max(0, log.SafeReadOnlyAddress - log.HeadAddress);
        Interlocked.Exchange(ref waits, 0);
        Interlocked.Exchange(ref waitedMs, 0);
        Volatile.Write(ref limit, log.TailAddress + Math.Max(0, allowanceBytes - backlog));
    }

    public void Disarm() => Volatile.Write(ref limit, long.MaxValue);

    /// <summary>Before a write: returns at once unless a checkpoint is being flushed and the log is past the limit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WaitIfFar(FasterKV<SpanByte, SpanByte> kv)
    {
        if (Volatile.Read(ref limit) == long.MaxValue) return;
        WaitWhileFar(kv);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitWhileFar(FasterKV<SpanByte, SpanByte> kv)
    {
        long started = Environment.TickCount64;
        bool counted = false;
        while (kv.Log.TailAddress > Volatile.Read(ref limit) && kv.SystemState.Phase == Phase.WAIT_FLUSH
               && Environment.TickCount64 - started < LongestWait.TotalMilliseconds)
        {
            if (!counted)
            {
                Interlocked.Increment(ref waits);
                Interlocked.Increment(ref totalWaits);
            }
            counted = true;
            Thread.Sleep(1);
        }
        if (!counted) return;
        Interlocked.Add(ref waitedMs, Environment.TickCount64 - started);
        Interlocked.Add(ref totalWaitedMs, Environment.TickCount64 - started);
    }
}
