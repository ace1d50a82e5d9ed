using NextCacheKv.Protocol;
using NextCacheKv.Server.PubSub;
using NextCacheKv.Server.Transport;
using NextCacheKv.Storage;

namespace NextCacheKv.Server;

/// <summary>Every setting of the server in one place; the host fills it from Redis-style flags.</summary>
public sealed class ServerOptions
{
    public string Bind { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 6379;
    public string? RequirePass { get; set; }
    public int MaxClients { get; set; } = 10000;
    public int Backlog { get; set; } = 512;
    /// <summary>The socket transport; epoll wherever it is supported.</summary>
    public IoEngine IoEngine { get; set; } = EpollSupported ? IoEngine.Epoll : IoEngine.Sockets;

    /// <summary>Whether this platform can run <see cref="IoEngine.Epoll"/> (Linux x86-64).</summary>
    public static bool EpollSupported => LinuxSockets.Supported;
    /// <summary>The host runs the common commands against a throwaway server before listening, so the JIT has optimised them (see the host's StartupWarmup).</summary>
    public bool WarmupBeforeListening { get; set; } = true;
    /// <summary>Event loop threads of the epoll engine; each runs its clients' commands to completion.</summary>
    public int IoThreads { get; set; } = DefaultIoThreads(Environment.ProcessorCount);

    /// <summary>
    /// Three loops for every four cores, at least one: the kernel's network work and the host's other
    /// processes need cores too (Redis's advice for io-threads: 2 or 3 of 4 cores, 6 of 8). With two cores,
    /// one loop: measured here, two loops beside a client on two cores gave 4-5 ms p99 (time slices) to one
    /// loop's Redis-level 1-2 ms.
    /// </summary>
    public static int DefaultIoThreads(int cores) => Math.Max(1, cores * 3 / 4);
    /// <summary>
    /// How long a busy event loop polls for new requests after a batch before it sleeps, in microseconds (0 = never
    /// poll). Only loops busy at least half the time poll; see <see cref="Transport.BusyPoll"/>.
    /// </summary>
    public int BusyPollMicroseconds { get; set; } = DefaultBusyPollMicroseconds(Environment.ProcessorCount, AffinityCpus.Count);

    /// <summary>
    /// 20 µs, or 0 when the runtime was given fewer CPUs than the process may run on (a container's CPU quota, or
    /// DOTNET_PROCESSOR_COUNT): polling turns idle time into CPU time, which a quota counts and then throttles.
    /// </summary>
    public static int DefaultBusyPollMicroseconds(int processorCount, int affinityCpus) => processorCount < affinityCpus ? 0 : 20;
    /// <summary>
    /// How long an event loop whose clients are busy with earlier replies naps on a timer after a batch, instead of
    /// sleeping until a client's send wakes it, in microseconds (0 = never nap); see <see cref="Transport.BatchNap"/>.
    /// A nap spends no CPU while it lasts, so a CPU quota does not turn it off.
    /// </summary>
    public int NapMicroseconds { get; set; } = 20;
    /// <summary>Seconds between automatic checkpoints when something changed (0 = only on SAVE/SHUTDOWN).</summary>
    public int CheckpointIntervalSeconds { get; set; } = 60;
    /// <summary>Milliseconds between active-expiry passes.</summary>
    public int ActiveExpiryIntervalMs { get; set; } = 100;
    /// <summary>Pause between two full active-expiry sweeps of the in-memory log.</summary>
    public int ActiveExpiryCycleMs { get; set; } = 1000;
    /// <summary>Log records examined per active-expiry pass.</summary>
    public int ActiveExpiryRecordsPerPass { get; set; } = 2000;
    /// <summary>Milliseconds between checks whether the log has grown enough to compact.</summary>
    public int CompactionCheckIntervalMs { get; set; } = 10_000;
    /// <summary>Unflushed reply bytes after which a batch flushes early, so the client's reading paces us.</summary>
    public int OutputFlushThreshold { get; set; } = 512 * 1024;
    /// <summary>client-output-buffer-limit; the pubsub class bounds what a slow subscriber can make us queue.</summary>
    public OutputBufferLimits OutputBufferLimits { get; } = new();
    /// <summary>notify-keyspace-events at startup (CONFIG SET changes the live value).</summary>
    public NotifyClasses NotifyKeyspaceEvents { get; set; }
    public ProtocolLimits Limits { get; } = new();
    public StoreOptions Store { get; } = new();
}
