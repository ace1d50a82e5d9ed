using System.Diagnostics;
using System.Text;
using NextCacheKv.Storage;

namespace NextCacheKv.Benchmarks;

/// <summary>
/// Large values written as fast as three threads can, against back-to-back checkpoints and automatic compaction,
/// in one process: the load under which FASTER 2.6.5's snapshot flush callback overflowed an int and walked off a
/// page (AccessViolationException in AsyncFlushPageToDeviceCallback) when checkpoint pages were written one at a
/// time. A crash kills the process; a clean run prints its counts every 10 s and "done".
/// Run: dotnet run -c Release -- --checkpoint-stress [seconds] [log memory in MB].
/// </summary>
internal static class CheckpointStress
{
    public static void Run(int seconds, long memoryMegabytes)
    {
        using var directory = new TempDirectory();
        using var store = CacheStore.Open(new StoreOptions
        {
            Directory = directory.Path,
            MemoryBytes = memoryMegabytes << 20,
            ChunkGracePeriod = TimeSpan.FromSeconds(1),
        }, message => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {message}"));
        var elapsed = Stopwatch.StartNew();
        bool Running() => elapsed.Elapsed.TotalSeconds < seconds;
        var payload = new byte[3_200_000];
        new Random(1).NextBytes(payload);
        long writes = 0, checkpoints = 0;
        var threads = new List<Thread>();
        for (int writer = 0; writer < 3; writer++)
        {
            var random = new Random(writer);
            threads.Add(new Thread(() =>
            {
                using var session = store.NewSession();
                while (Running())
                {
                    var key = Encoding.ASCII.GetBytes("k" + random.Next(60));
                    var result = session.Set(0, key, payload.AsMemory(random.Next(100_000), random.Next(100_000, 3_100_000)), StoreFlags.None, 0);
                    if (result.IsPending) session.CompletePendingAsync().AsTask().GetAwaiter().GetResult();
                    Interlocked.Increment(ref writes);
                }
            }));
        }
        threads.Add(new Thread(() =>
        {
            while (Running())
            {
                store.CheckpointAsync().GetAwaiter().GetResult();
                Interlocked.Increment(ref checkpoints);
            }
        }));
        threads.Add(new Thread(() =>
        {
            using var session = store.NewSession();
            while (Running())
            {
                store.DeleteReleasedChunks(session);
                store.StockLogPages();
                store.CompactIfLargeAsync(session).GetAwaiter().GetResult();
                Thread.Sleep(100);
            }
        }));
        foreach (var thread in threads) thread.Start();
        while (Running())
        {
            Thread.Sleep(10_000);
            Console.WriteLine($"{elapsed.Elapsed.TotalSeconds:F0} s: {writes} SETs, {checkpoints} checkpoints, log {(store.LogTailAddress - store.LogBeginAddress) >> 20} MB");
        }
        foreach (var thread in threads) thread.Join();
        Console.WriteLine("done");
    }
}
