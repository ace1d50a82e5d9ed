using System.Runtime.InteropServices;
using NextCacheKv.Host;
using NextCacheKv.Server;
using NextCacheKv.Storage;

// Receive, parse, execute and send on the socket's own thread: measured +20-40 % at pipeline depth 1.
// It must be set before the first socket exists.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

NativeHeap.LimitArenas(2);

// Some work blocks a pool thread for seconds: FASTER writing a checkpoint page by page, compaction waiting for
// the disk, NEXTTAG's fsync. With the default minimum (one thread per core) a disk read's completion then
// waited for the pool to add a thread, about every half second: single GETs took 0.4-0.5 s during
// checkpoints. Threads up to this minimum start at once; idle ones cost nothing.
ThreadPool.GetMinThreads(out int minWorkers, out int minCompletionPorts);
ThreadPool.SetMinThreads(Math.Max(minWorkers, 16), minCompletionPorts);

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(HostArguments.Usage);
    return 0;
}

var options = new ServerOptions();
if (!HostArguments.TryApply(args, options, out string? error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(HostArguments.Usage);
    return 2;
}

var log = new ConsoleLog();
log.Write($"NextCacheKv {ServerInfo.Version} (Redis {ServerInfo.RedisVersion} protocol) starting, pid={Environment.ProcessId}");
// A native (AOT) build has all its code compiled already: there is nothing to warm.
if (options.WarmupBeforeListening && !System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled)
    log.Write("Native build: no warm-up needed");
else if (options.WarmupBeforeListening)
{
    try
    {
        log.Write($"Warmed up the hot paths in {(await StartupWarmup.RunAsync(options)).TotalMilliseconds:0} ms");
    }
    catch (Exception e)
    {
        // Only speed is at stake: serve anyway.
        log.Write($"Warm-up skipped: {e.Message}");
    }
}
await using var server = new CacheServer(options, log.Write);
try
{
    await server.StartAsync();
}
catch (StoreRecoveryException e)
{
    log.Write($"Fatal: {e.Message}. Fix or move the data folder, or start with --start-empty-on-recovery-failure yes.");
    return 1;
}
catch (Exception e)
{
    log.Write($"Fatal: could not start: {e.Message}");
    return 1;
}

var stop = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.TrySetResult(true); });
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.TrySetResult(true); });
_ = server.ShutdownRequested.ContinueWith(_ => stop.TrySetResult(server.SaveOnShutdown), TaskScheduler.Default);

string polling = options.BusyPollMicroseconds > 0
    ? $"a busy loop polls up to {options.BusyPollMicroseconds} µs before it sleeps"
    : ServerOptions.DefaultBusyPollMicroseconds(Environment.ProcessorCount, AffinityCpus.Count) == 0
        ? $"busy polling off: the runtime has {Environment.ProcessorCount} of {AffinityCpus.Count} CPUs (a CPU quota or DOTNET_PROCESSOR_COUNT); --busy-poll-us turns it on"
        : "busy polling off";
string napping = options.NapMicroseconds > 0 ? $"a loop whose clients are busy naps {options.NapMicroseconds} µs between batches" : "napping off";
log.Write($"Event loops: {options.IoThreads}; {polling}; {napping}");
log.Write($"Data folder {Path.GetFullPath(options.Store.Directory)}; log memory {options.Store.MemoryBytes / (1024 * 1024)} MB; checkpoint every {options.CheckpointIntervalSeconds} s when changed");
// The log's pages and the collections live in the runtime's heap, which a container's limit caps (at three quarters).
long heapLimit = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
if (options.Store.MemoryBytes + options.Store.CollectionMemoryBytes > heapLimit / 4 * 3)
    log.Write($"Warning: --maxmemory ({options.Store.MemoryBytes >> 20} MB) and --maxmemory-collections ({options.Store.CollectionMemoryBytes >> 20} MB) "
        + $"add up to more than three quarters of the {heapLimit >> 20} MB this process may use (a container's memory limit sets it): "
        + "writes will fail with out-of-memory errors before the log and the collections reach their budgets");
log.Write($"Ready to accept connections tcp on {server.EndPoint}");
// Whenever the runtime's compiler goes quiet (it mallocs), and once a minute.
using var heapTrimmer = new HeapTrimmer(poll: TimeSpan.FromSeconds(1), every: TimeSpan.FromMinutes(1));
bool save = await stop.Task;
log.Write(save ? "Shutting down: saving the final checkpoint" : "Shutting down without saving");
// A failed final checkpoint exits 1, so a process manager sees the loss.
bool saved = await server.StopAsync(save);
log.Write("Bye");
return saved ? 0 : 1;
