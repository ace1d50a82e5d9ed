using System.Runtime;

namespace NextCacheKv.Host;

/// <summary>
/// Gives the C heap's free memory back to the system soon after the runtime's compiler worked, and now and then
/// (<see cref="HeapTrimSchedule"/>). The compiler promotes the methods a load made hot for seconds after it, and
/// what it freed stayed resident until the next trim: after 1M pipelined SETs the server held 5 MB more for up
/// to the minute the trim used to wait.
/// </summary>
internal sealed class HeapTrimmer : IDisposable
{
    private readonly Timer timer;
    private readonly TimeSpan poll;
    private readonly HeapTrimSchedule schedule;

    /// <param name="poll">How often the compiler's count of compiled methods is read.</param>
    /// <param name="every">The longest time between two trims.</param>
    public HeapTrimmer(TimeSpan poll, TimeSpan every)
    {
        this.poll = poll;
        schedule = new HeapTrimSchedule(JitInfo.GetCompiledMethodCount(), Math.Max(1, (int)(every / poll)));
        // One shot, re-armed after each poll, so a slow trim never overlaps the next poll.
        timer = new Timer(_ => Poll(), null, poll, Timeout.InfiniteTimeSpan);
    }

    private void Poll()
    {
        if (schedule.Due(JitInfo.GetCompiledMethodCount())) NativeHeap.Trim();
        try
        {
            timer.Change(poll, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed while this poll ran: the server is stopping.
        }
    }

    public void Dispose() => timer.Dispose();
}
