using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

public class ConcurrencyTests
{
    [Fact]
    public void Concurrent_writers_on_the_same_keys_leave_a_log_that_scans_completely()
    {
        using var temp = new TempStore();
        var threads = Enumerable.Range(0, 4).Select(seed => new Thread(() =>
        {
            using var session = temp.Store.NewSession();
            var random = new Random(seed);
            for (int i = 0; i < 20_000; i++)
            {
                string key = "k" + random.Next(16);
                switch (random.Next(4))
                {
                    case 0: session.Done(session.Set(0, B(key), new byte[random.Next(1, 200)], StoreFlags.None, 0)); break;
                    case 1: session.Done(session.Delete(0, B(key))); break;
                    case 2: session.Done(session.Append(0, B(key), B("x"))); break;
                    default: session.Done(session.IncrBy(0, B("counter" + random.Next(4)), 1)); break;
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        using var reader = temp.Store.NewSession();
        var scanned = reader.AllKeys(0);
        var present = Enumerable.Range(0, 16).Select(i => "k" + i).Concat(Enumerable.Range(0, 4).Select(i => "counter" + i))
            .Where(k => reader.Done(reader.Inspect(0, B(k))).IsOk).ToList();
        Assert.Equal(present.OrderBy(k => k), scanned.OrderBy(k => k));
        Assert.Equal(present.Count, temp.Store.KeyCount(0));
        long total = Enumerable.Range(0, 4).Sum(i => long.Parse(reader.GetString(0, "counter" + i) ?? "0"));
        Assert.Equal(total, threads.Count * 20_000 - CountNonIncr(threads.Count));
    }

    /// <summary>Replays each thread's random choices to know how many increments they made.</summary>
    private static long CountNonIncr(int threadCount)
    {
        long other = 0;
        for (int seed = 0; seed < threadCount; seed++)
        {
            var random = new Random(seed);
            for (int i = 0; i < 20_000; i++)
            {
                random.Next(16);
                int op = random.Next(4);
                if (op == 0) random.Next(1, 200);
                if (op == 3) random.Next(4);
                else other++;
            }
        }
        return other;
    }
}
