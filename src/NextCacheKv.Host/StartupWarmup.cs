using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NextCacheKv.Protocol;
using NextCacheKv.Server;

namespace NextCacheKv.Host;

/// <summary>
/// Before the real server listens, runs the common commands in short bursts against a throwaway
/// server (own temporary folder, own port, same transport), over real loopback sockets. The runtime
/// compiles the hot paths to their optimised tier meanwhile, so the first clients do not pay for it:
/// measured here, the first seconds of a fresh server ran at about half speed with a p99 of 3-4 ms.
/// Nothing of it reaches the real data folder.
/// </summary>
internal static class StartupWarmup
{
    /// <summary>
    /// Bursts of work, each followed by a pause in which the runtime's background compiler promotes what the
    /// burst called often (tier 0, then instrumented, then optimised); a longer single burst only grew memory.
    /// </summary>
    private static readonly TimeSpan[] Bursts = [TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(100)];
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(250);
    private const int Connections = 2;

    public static async Task<TimeSpan> RunAsync(ServerOptions real)
    {
        var clock = Stopwatch.StartNew();
        string folder = Path.Combine(Path.GetTempPath(), $"nextcachekv-warmup-{Environment.ProcessId}");
        var options = new ServerOptions
        {
            Bind = "127.0.0.1",
            Port = 0,
            CheckpointIntervalSeconds = 0,
            IoEngine = real.IoEngine,
            IoThreads = real.IoThreads,
            BusyPollMicroseconds = real.BusyPollMicroseconds,
            NapMicroseconds = real.NapMicroseconds,
        };
        options.Store.Directory = folder;
        // Small: what it allocates stays out of the real server's memory footprint.
        options.Store.MemoryBytes = 16L << 20;
        options.Store.PageBytes = 1L << 20;
        options.Store.CollectionMemoryBytes = 1L << 20;
        await using (var server = new CacheServer(options, _ => { }))
        {
            await server.StartAsync().ConfigureAwait(false);
            foreach (var burst in Bursts)
            {
                var deadline = DateTime.UtcNow + burst;
                await Task.WhenAll(Enumerable.Range(0, Connections).Select(i => ExerciseAsync(server.EndPoint.Port, i, deadline))).ConfigureAwait(false);
                await Task.Delay(Pause).ConfigureAwait(false);
            }
            await server.StopAsync(save: false).ConfigureAwait(false);
        }
        await WaitForCompilerAsync().ConfigureAwait(false);
        // The throwaway store's log pages are garbage now: give their memory back before the real store starts.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
        return clock.Elapsed;
    }

    private static readonly TimeSpan CompilerPoll = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan CompilerWaitLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Waits until the runtime's background compiler has promoted what the bursts queued: measured here,
    /// it otherwise went on for another 1.4 s of CPU after the server began listening, beside the first
    /// clients on a two-core machine. Done when no method was compiled for one poll, or after the limit.
    /// </summary>
    private static async Task WaitForCompilerAsync()
    {
        var clock = Stopwatch.StartNew();
        long compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (clock.Elapsed < CompilerWaitLimit)
        {
            await Task.Delay(CompilerPoll).ConfigureAwait(false);
            long now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now == compiled) return;
            compiled = now;
        }
    }

    /// <summary>Alternates single round trips and pipelined batches, as redis-benchmark and real clients do.</summary>
    private static async Task ExerciseAsync(int port, int connection, DateTime deadline)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).ConfigureAwait(false);
        var buffer = new byte[256 * 1024];
        for (int round = 0; DateTime.UtcNow < deadline; round++)
        {
            string marker = $"done:{connection}:{round}";
            byte[] batch = Batch(connection, round, pipelined: round % 2 == 1, marker);
            await socket.SendAsync(batch).ConfigureAwait(false);
            await ReadUntilAsync(socket, buffer, Encoding.ASCII.GetBytes(marker)).ConfigureAwait(false);
        }
    }

    private static byte[] Batch(int connection, int round, bool pipelined, string marker)
    {
        var batch = new ArrayBufferWriter<byte>(4096);
        int repeats = pipelined ? 16 : 1;
        for (int i = 0; i < repeats; i++)
        {
            string key = $"k:{connection}:{(round * repeats + i) % 1000}";
            Append(batch, "PING");
            Append(batch, "SET", key, "value-of-a-hundred-bytes-or-so-value-of-a-hundred-bytes-or-so-value-of-a-hundred-bytes-or-so-----");
            Append(batch, "GET", key);
            Append(batch, "INCR", "counter");
            Append(batch, "MSET", key, "1", key + ":2", "2");
            Append(batch, "LPUSH", "list", key);
            Append(batch, "RPUSH", "list", key);
            Append(batch, "LRANGE", "list", "0", "9");
            Append(batch, "LPOP", "list");
            Append(batch, "RPOP", "list");
            Append(batch, "SADD", "set", key);
            Append(batch, "SPOP", "set");
            Append(batch, "HSET", "hash", key, "v");
            Append(batch, "HGET", "hash", key);
            Append(batch, "ZADD", "zset", (round % 97).ToString(), key);
            Append(batch, "ZPOPMIN", "zset");
            Append(batch, "EXPIRE", key, "100");
            Append(batch, "EXISTS", key);
            Append(batch, "DEL", key + ":2");
            Append(batch, "NEXTSET", "page:" + key, "body", "TS", "1", "META", "{}", "TAGS", "2", "tag-a", "tag-b", "EX", "100");
            Append(batch, "NEXTGET", "page:" + key, "SOFTTAGS", "1", "tag-c");
        }
        // An inline command too, then the marker the reader waits for.
        batch.Write("PING\r\n"u8);
        Append(batch, "ECHO", marker);
        return batch.WrittenSpan.ToArray();
    }

    /// <summary>One request as a client sends it, written with the server's own RESP writer.</summary>
    private static void Append(ArrayBufferWriter<byte> batch, params string[] args)
    {
        batch.WriteArrayHeader(args.Length);
        foreach (string arg in args) batch.WriteBulkString(arg);
    }

    private static async Task ReadUntilAsync(Socket socket, byte[] buffer, byte[] marker)
    {
        int kept = 0;
        while (true)
        {
            int read = await socket.ReceiveAsync(buffer.AsMemory(kept), SocketFlags.None).ConfigureAwait(false);
            if (read == 0) throw new IOException("The warm-up server closed the connection.");
            kept += read;
            if (buffer.AsSpan(0, kept).IndexOf(marker) >= 0) return;
            // Keep only a tail that may hold the start of the marker.
            int keep = Math.Min(kept, marker.Length);
            buffer.AsSpan(kept - keep, keep).CopyTo(buffer);
            kept = keep;
        }
    }
}
