using System.Diagnostics;
using NextCacheKv.Server.Transport;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// When a loop naps between batches (<see cref="BatchNap"/>), driven window by window with a made-up clock: it
/// starts once two connections are served in a millisecond, stops when its naps end with half the served connections
/// ready (clients waiting on it), and tries again after 1, 2, 4 … 128 windows.
/// </summary>
public sealed class BatchNapPolicyTests
{
    private static readonly long Millisecond = Stopwatch.Frequency / 1000;

    private long now = 1_000_000;

    [Fact]
    public void Starts_napping_after_a_window_that_served_two_connections()
    {
        var nap = new BatchNap(20, now);

        EndWindow(nap, connections: 2);

        Assert.True(nap.Active);
    }

    [Fact]
    public void A_single_client_never_makes_it_nap()
    {
        var nap = new BatchNap(20, now);

        for (int i = 0; i < 1000; i++) EndWindow(nap, connections: 1);

        Assert.False(nap.Active);
    }

    [Fact]
    public void Napping_off_never_naps()
    {
        var nap = new BatchNap(0, now);

        EndWindow(nap, connections: 50);

        Assert.False(nap.Active);
        Assert.False(nap.Enabled);
    }

    [Fact]
    public void A_connection_served_many_times_in_a_window_counts_once()
    {
        var nap = new BatchNap(20, now);
        int stamp = 0;
        for (int i = 0; i < 100; i++) nap.Served(ref stamp);

        EndWindow(nap, connections: 0);

        Assert.False(nap.Active);
    }

    [Fact]
    public void Keeps_napping_while_naps_end_with_few_of_the_clients_ready()
    {
        var nap = Napping();

        for (int i = 0; i < 100; i++) EndWindow(nap, connections: 50, naps: 10, readyAfterNaps: 20);

        Assert.True(nap.Active);
    }

    [Fact]
    public void A_window_without_naps_does_not_stop_it()
    {
        var nap = Napping();

        EndWindow(nap, connections: 2);

        Assert.True(nap.Active);
    }

    [Fact]
    public void Stops_when_naps_end_with_half_the_clients_waiting_and_backs_off_doubling()
    {
        var nap = Napping();

        Assert.Equal([1, 2, 4, 8], Enumerable.Range(0, 4).Select(_ => FailAndCountWindowsSkipped(nap)));
    }

    [Fact]
    public void The_back_off_stops_growing_at_128_windows()
    {
        var nap = Napping();

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 128, 128], Enumerable.Range(0, 10).Select(_ => FailAndCountWindowsSkipped(nap)));
    }

    [Fact]
    public void A_good_window_resets_the_back_off()
    {
        var nap = Napping();
        for (int i = 0; i < 3; i++) FailAndCountWindowsSkipped(nap);

        EndWindow(nap, connections: 50, naps: 10, readyAfterNaps: 10);

        Assert.Equal(1, FailAndCountWindowsSkipped(nap));
    }

    [Fact]
    public void Nothing_is_decided_before_a_millisecond_has_passed()
    {
        var nap = new BatchNap(20, now);
        Serve(nap, 10);

        now += Millisecond / 2;
        nap.BatchEnded(now);

        Assert.False(nap.Active);
    }

    private BatchNap Napping()
    {
        var nap = new BatchNap(20, now);
        EndWindow(nap, connections: 2);
        Assert.True(nap.Active);
        return nap;
    }

    /// <summary>
    /// Ends a window whose naps found half the served connections ready, then counts the windows that pass with
    /// napping off before it is tried again.
    /// </summary>
    private int FailAndCountWindowsSkipped(BatchNap nap)
    {
        EndWindow(nap, connections: 4, naps: 10, readyAfterNaps: 20);
        int windows = 0;
        while (!nap.Active)
        {
            EndWindow(nap, connections: 4);
            windows++;
        }
        // The last of those windows is the one that turned it back on.
        return windows - 1;
    }

    /// <summary>One millisecond in which <paramref name="connections"/> distinct connections were served and the naps ended as given.</summary>
    private void EndWindow(BatchNap nap, int connections, int naps = 0, int readyAfterNaps = 0)
    {
        Serve(nap, connections);
        for (int i = 0; i < naps; i++) nap.Napped(i == 0 ? readyAfterNaps : 0);
        now += Millisecond;
        nap.BatchEnded(now);
    }

    private static void Serve(BatchNap nap, int connections)
    {
        for (int i = 0; i < connections; i++)
        {
            int stamp = 0;
            nap.Served(ref stamp);
        }
    }
}
