using System.Globalization;
using NextCacheKv.Server;
using NextCacheKv.Server.Transport;
using NextCacheKv.Storage;

namespace NextCacheKv.Host;

/// <summary>Redis-style command-line flags (<c>--port 6380 --dir ./data</c>) applied to <see cref="ServerOptions"/>.</summary>
public static class HostArguments
{
    public const string Usage = """
        Usage: nextcachekv [--flag value]...
          --port N                          TCP port (default 6379; 0 picks a free port)
          --bind ADDRESS                    address to listen on (default 127.0.0.1)
          --dir PATH                        data folder: log and checkpoints (default ./data)
          --requirepass PASSWORD            require AUTH before other commands
          --maxmemory BYTES                 in-memory budget of the log, e.g. 2gb (default: a quarter of the memory available,
                                            between 256mb and 1gb); older records live on disk
          --maxmemory-collections BYTES     estimated memory for hashes, lists, sets and sorted sets (default 256mb); the least recently used beyond it go to disk
          --databases N                     number of logical databases (default 16)
          --maxclients N                    maximum connected clients (default 10000)
          --proto-max-bulk-len BYTES        largest bulk string accepted (default 512mb)
          --client-query-buffer-limit BYTES largest single request (default 1gb)
          --max-inline-length BYTES         largest inline command line (default 64kb)
          --max-arguments N                 most arguments in one request (default 1048576)
          --save SECONDS                    checkpoint every SECONDS when anything changed (default 60; 0 = only SAVE/SHUTDOWN)
          --notify-keyspace-events CLASSES  keyspace notifications, Redis letters, e.g. Ex or KEA (default "": off)
          --client-output-buffer-limit "CLASS HARD SOFT SECONDS"...  e.g. "pubsub 32mb 8mb 60" (the default); a
                                            subscriber that does not read is disconnected past the limit
          --page-size BYTES                 log page size, a power of two; caps one record, and values over a quarter
                                            of it are stored in chunks (default 4mb; an existing log keeps its own)
          --index-size BYTES                initial hash index size (default 1mb); it doubles while keys average more than 4 per 64-byte bucket
          --index-max-size BYTES            largest the hash index grows to (default 1gb)
          --io-engine epoll|sockets         socket transport: our epoll loops (default on Linux x86-64) or .NET's engine
          --io-threads N                    event loop threads of the epoll engine (default: 3 per 4 cores, at least 1)
          --busy-poll-us N                  microseconds a busy event loop polls for requests before it sleeps (default 20, 0 under a CPU quota; 0 = off)
          --nap-us N                        microseconds a loop whose clients are busy naps on a timer between batches
                                            instead of waiting to be woken by their sends (default 20; 0 = off)
          --warmup yes|no                   run the common commands against a throwaway server (about 3 s) before listening,
                                            so the first clients get optimised code (default yes; a native build needs none)
          --start-empty-on-recovery-failure yes|no   start empty when a checkpoint cannot be loaded (default no: refuse)
          --log-direct-writes auto|yes|no   write log pages past the page cache (O_DIRECT): auto (default) while the log
                                            grows mostly by values over 1 MB; no keeps flushed pages cached for reads
        """;

    public static bool TryApply(string[] args, ServerOptions options, out string? error)
    {
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string flag = args[i];
            if (!flag.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error = $"Expected '--flag value', got '{flag}'";
                return false;
            }
            string value = args[++i];
            if (!TryApplyOne(flag[2..].ToLowerInvariant(), value, options))
            {
                error = $"Invalid value '{value}' for {flag}";
                return false;
            }
        }
        return true;
    }

    private static bool TryApplyOne(string name, string value, ServerOptions options)
    {
        var store = options.Store;
        var limits = options.Limits;
        switch (name)
        {
            case "port": return TryInt(value, 0, 65535, x => options.Port = x);
            case "bind": options.Bind = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "127.0.0.1"; return true;
            case "dir": store.Directory = value; return true;
            case "requirepass": options.RequirePass = value.Length == 0 ? null : value; return true;
            case "maxmemory": return TrySize(value, 16L << 20, x => store.MemoryBytes = x);
            case "maxmemory-collections": return TrySize(value, 1L << 20, x => store.CollectionMemoryBytes = x);
            case "databases": return TryInt(value, 1, 1024, x => store.Databases = x);
            case "maxclients": return TryInt(value, 1, int.MaxValue, x => options.MaxClients = x);
            case "proto-max-bulk-len": return TrySize(value, 1, x => limits.MaxBulkLength = x);
            case "client-query-buffer-limit": return TrySize(value, 1024, x => limits.QueryBufferLimit = x);
            case "max-inline-length": return TrySize(value, 16, x => limits.MaxInlineLength = (int)Math.Min(x, int.MaxValue));
            case "max-arguments": return TryInt(value, 1, int.MaxValue, x => limits.MaxArguments = x);
            case "save":
            {
                string first = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "0";
                return TryInt(first, 0, int.MaxValue, x => options.CheckpointIntervalSeconds = x);
            }
            case "notify-keyspace-events":
            {
                if (!KeyspaceEvents.TryParse(value, out var classes)) return false;
                options.NotifyKeyspaceEvents = classes;
                return true;
            }
            case "client-output-buffer-limit": return options.OutputBufferLimits.TrySet(value) is null;
            case "page-size": return TrySize(value, 1L << 16, x => store.PageBytes = x) && LogLayout.IsValidPageSize(store.PageBytes);
            case "index-size": return TrySize(value, 1L << 12, x => store.IndexBytes = x);
            case "index-max-size": return TrySize(value, 1L << 12, x => store.MaxIndexBytes = x);
            case "io-engine": return TryIoEngine(value, options);
            case "warmup": return TryYesNo(value, x => options.WarmupBeforeListening = x);
            case "io-threads": return TryInt(value, 1, 1024, x => options.IoThreads = x);
            case "busy-poll-us": return TryInt(value, 0, 1000, x => options.BusyPollMicroseconds = x);
            case "nap-us": return TryInt(value, 0, 1000, x => options.NapMicroseconds = x);
            case "start-empty-on-recovery-failure": return TryYesNo(value, x => store.StartEmptyOnRecoveryFailure = x);
            case "log-direct-writes":
                if (value.Equals("auto", StringComparison.OrdinalIgnoreCase)) store.LogWrites = LogWriteMode.Auto;
                else return TryYesNo(value, x => store.LogWrites = x ? LogWriteMode.Direct : LogWriteMode.Buffered);
                return true;
            default: return false;
        }
    }

    private static bool TryInt(string value, int min, int max, Action<int> apply)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) || parsed < min || parsed > max) return false;
        apply(parsed);
        return true;
    }

    private static bool TrySize(string value, long min, Action<long> apply)
    {
        if (!MemorySize.TryParse(value, out long parsed) || parsed < min) return false;
        apply(parsed);
        return true;
    }

    private static bool TryIoEngine(string value, ServerOptions options)
    {
        if (value.Equals("sockets", StringComparison.OrdinalIgnoreCase)) options.IoEngine = IoEngine.Sockets;
        else if (value.Equals("epoll", StringComparison.OrdinalIgnoreCase) && ServerOptions.EpollSupported) options.IoEngine = IoEngine.Epoll;
        else return false;
        return true;
    }

    private static bool TryYesNo(string value, Action<bool> apply)
    {
        if (value.Equals("yes", StringComparison.OrdinalIgnoreCase)) apply(true);
        else if (value.Equals("no", StringComparison.OrdinalIgnoreCase)) apply(false);
        else return false;
        return true;
    }
}
