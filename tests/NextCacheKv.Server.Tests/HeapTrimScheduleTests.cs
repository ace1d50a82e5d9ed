using NextCacheKv.Host;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// When the host trims the C heap (<see cref="HeapTrimSchedule"/>), fed made-up readings of the runtime's
/// compiled-method count: after each poll in which the compiler worked, else every Nth poll.
/// </summary>
public sealed class HeapTrimScheduleTests
{
    [Fact]
    public void Trims_after_each_poll_in_which_methods_were_compiled()
    {
        var schedule = new HeapTrimSchedule(500, pollsPerTrim: 60);

        Assert.True(schedule.Due(520));
        Assert.True(schedule.Due(521));
        Assert.False(schedule.Due(521));
    }

    [Fact]
    public void Without_compiling_trims_every_nth_poll_only()
    {
        var schedule = new HeapTrimSchedule(500, pollsPerTrim: 3);

        bool[] due = [.. Enumerable.Range(0, 7).Select(_ => schedule.Due(500))];

        Assert.Equal([false, false, true, false, false, true, false], due);
    }

    [Fact]
    public void A_trim_for_compiling_restarts_the_periodic_count()
    {
        var schedule = new HeapTrimSchedule(500, pollsPerTrim: 3);
        schedule.Due(500);
        schedule.Due(500);

        Assert.True(schedule.Due(510));
        Assert.False(schedule.Due(510));
        Assert.False(schedule.Due(510));
        Assert.True(schedule.Due(510));
    }
}
