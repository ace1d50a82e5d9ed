using NextCacheKv.Server.Tests.Infrastructure;
using StackExchange.Redis;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// kill -9 in the middle of concurrent writes and background checkpoints: after restart everything
/// acknowledged before the last completed SAVE is there, every key that is there holds exactly what was
/// written (no torn or foreign values), and the counts agree.
/// </summary>
[Trait(TestTraits.Runs, TestTraits.HostProcess)]
public sealed class CrashDuringWritesTests : IDisposable
{
    private const int Writers = 4;
    private readonly TempDirectory dataDirectory = new("crash");

    public void Dispose() => dataDirectory.Dispose();

    /// <summary>Every fourth value is 8 KB longer, so the log outgrows its 16 MB of memory while the writers run.</summary>
    private static string ValueOf(int writer, int n) => $"w{writer}:{n}:" + new string((char)('a' + n % 26), n % 300 + (n % 4 == 0 ? 8000 : 0));

    /// <summary>
    /// Both ways the log's pages reach the disk: direct (the default) and through the page cache. 16 MB of log
    /// memory, so pages are flushed to the log (and synced by the checkpoint) while the writers run.
    /// </summary>
    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    public async Task Acknowledged_writes_before_the_last_save_survive_kill_9(string logDirectWrites)
    {
        var acknowledged = new int[Writers];
        int[] savedMarks;
        await using (var host = await RunningHost.StartAsync(dataDirectory.Path, "--save", "1", "--log-direct-writes", logDirectWrites, "--maxmemory", "16mb"))
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{host.Port},allowAdmin=true,abortConnect=false");
            var db = redis.GetDatabase();
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                try
                {
                    for (int n = 1; !stop.IsCancellationRequested && n < 1_000_000; n++)
                    {
                        // Overwrites of a few hot keys (in place and copied) beside a growing key set.
                        await db.StringSetAsync($"w{w}:{n}", ValueOf(w, n));
                        await db.StringSetAsync($"hot{w}", ValueOf(w, n));
                        Volatile.Write(ref acknowledged[w], n);
                    }
                }
                catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or ObjectDisposedException)
                {
                    // The server was killed under us.
                }
            })).ToArray();

            await Task.Delay(1500);
            // Pages reach the log file once the writes outgrow the 16 MB of log memory: wait for that, so the
            // kill falls after log pages were flushed however fast this machine writes.
            var log = new FileInfo(Path.Combine(dataDirectory.Path, "log", "store.log.0"));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            for (log.Refresh(); !(log.Exists && log.Length > 0); log.Refresh())
            {
                Assert.True(DateTime.UtcNow < deadline, "no log page reached the disk in 60 s of writes");
                await Task.Delay(100);
            }
            // Everything acknowledged before SAVE was sent must survive.
            var beforeSave = Enumerable.Range(0, Writers).Select(w => Volatile.Read(ref acknowledged[w])).ToArray();
            Assert.Equal("OK", (string?)await db.ExecuteAsync("SAVE"));
            savedMarks = beforeSave;
            await Task.Delay(700);
            host.Process.Kill();
            stop.Cancel();
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));
        }
        Assert.All(savedMarks, mark => Assert.True(mark > 0, "the writers made no progress before SAVE"));

        await using var restarted = await RunningHost.StartAsync(dataDirectory.Path, "--save", "0");
        await using var reader = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{restarted.Port},allowAdmin=true");
        var rdb = reader.GetDatabase();
        long present = 0;
        for (int w = 0; w < Writers; w++)
        {
            int last = 0;
            for (int n = 1; n <= acknowledged[w] + 10; n++)
            {
                var value = await rdb.StringGetAsync($"w{w}:{n}");
                if (n <= savedMarks[w]) Assert.True(value.HasValue, $"w{w}:{n} was acknowledged before SAVE and is gone");
                if (!value.HasValue) continue;
                Assert.Equal(ValueOf(w, n), (string?)value);
                present++;
                last = n;
            }
            var hot = (string?)await rdb.StringGetAsync($"hot{w}");
            Assert.NotNull(hot);
            int hotN = int.Parse(hot!.Split(':')[1]);
            Assert.Equal(ValueOf(w, hotN), hot);
            Assert.True(hotN >= savedMarks[w], $"hot{w} went back to {hotN}, before the save mark {savedMarks[w]}");
        }
        Assert.Equal(present + Writers, (long)await rdb.ExecuteAsync("DBSIZE"));
    }
}
