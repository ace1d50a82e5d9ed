namespace NextCacheKv.Storage.Tests;

/// <summary>The statistics counter: every add from every thread is counted, whatever stripe it names.</summary>
public class StripedCounterTests
{
    [Fact]
    public void Adds_from_many_threads_sum_exactly()
    {
        var counter = new StripedCounter();
        // Threads share stripes (and stripes beyond the slot count wrap), so the interlocked add is what keeps the sum.
        int threads = Environment.ProcessorCount * 4 + 3;
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            for (int i = 0; i < 100_000; i++) counter.Increment(t % 3);
            counter.Add(t, stripe: t);
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Equal(threads * 100_000L + threads * (threads - 1L) / 2, counter.Value);
    }

    [Fact]
    public void Reset_clears_every_slot()
    {
        var counter = new StripedCounter();
        var workers = Enumerable.Range(0, 8).Select(_ => new Thread(() => counter.Add(5, stripe: 7))).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.Equal(40, counter.Value);

        counter.Reset();

        Assert.Equal(0, counter.Value);
        counter.Increment();
        Assert.Equal(1, counter.Value);
    }
}
