using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NextCacheKv.Server.Commands;

/// <summary>INFO [section …]: Redis's sections and field names, so tools and clients read it as they read Redis.</summary>
internal static class InfoCommand
{
    private static readonly string[] DefaultSections = ["server", "clients", "memory", "persistence", "stats", "replication", "cpu", "keyspace"];

    public static ValueTask Info(CommandContext c)
    {
        var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 1; i < c.Count; i++) wanted.Add(c.ArgString(i));
        bool all = wanted.Count == 0 || wanted.Contains("default") || wanted.Contains("all") || wanted.Contains("everything");
        var text = new StringBuilder();
        foreach (var section in DefaultSections)
        {
            if (!all && !wanted.Contains(section)) continue;
            if (text.Length > 0) text.Append("\r\n");
            Append(text, section, c.Server);
        }
        c.Writer.WriteVerbatim(text.ToString(), c.Protocol);
        return default;
    }

    private static void Append(StringBuilder text, string section, CacheServer server)
    {
        var store = server.Store;
        var inv = CultureInfo.InvariantCulture;
        var process = Process.GetCurrentProcess();
        long uptime = (Environment.TickCount64 - server.StartedAtMs) / 1000;
        switch (section)
        {
            case "server":
                text.Append("# Server\r\n")
                    .Append("redis_version:").Append(ServerInfo.RedisVersion).Append("\r\n")
                    .Append("nextcachekv_version:").Append(ServerInfo.Version).Append("\r\n")
                    .Append("redis_mode:standalone\r\n")
                    .Append("os:").Append(System.Runtime.InteropServices.RuntimeInformation.OSDescription).Append("\r\n")
                    .Append("arch_bits:64\r\n")
                    .Append("process_id:").Append(Environment.ProcessId.ToString(inv)).Append("\r\n")
                    .Append("tcp_port:").Append(server.EndPoint.Port.ToString(inv)).Append("\r\n")
                    .Append("uptime_in_seconds:").Append(uptime.ToString(inv)).Append("\r\n")
                    .Append("uptime_in_days:").Append((uptime / 86400).ToString(inv)).Append("\r\n")
                    .Append("executable:").Append(Environment.ProcessPath).Append("\r\n")
                    .Append("next_commands:nextget,nextset,nexttag\r\n")
                    .Append("next_tag_records:").Append(store.Tags.Count.ToString(inv)).Append("\r\n");
                break;
            case "clients":
                text.Append("# Clients\r\n")
                    .Append("connected_clients:").Append(server.Clients.Count.ToString(inv)).Append("\r\n")
                    .Append("maxclients:").Append(server.Options.MaxClients.ToString(inv)).Append("\r\n")
                    .Append("blocked_clients:").Append(server.ListWaiters.BlockedClients.ToString(inv)).Append("\r\n");
                break;
            case "memory":
                long used = GC.GetTotalMemory(false) + store.LogMemoryBytes + store.IndexBytes;
                text.Append("# Memory\r\n")
                    .Append("used_memory:").Append(used.ToString(inv)).Append("\r\n")
                    .Append("used_memory_rss:").Append(process.WorkingSet64.ToString(inv)).Append("\r\n")
                    .Append("used_memory_log:").Append(store.LogMemoryBytes.ToString(inv)).Append("\r\n")
                    .Append("used_memory_index:").Append(store.IndexBytes.ToString(inv)).Append("\r\n")
                    .Append("used_memory_managed_heap:").Append(GC.GetTotalMemory(false).ToString(inv)).Append("\r\n")
                    .Append("maxmemory:").Append(server.Options.Store.MemoryBytes.ToString(inv)).Append("\r\n")
                    .Append("maxmemory_policy:noeviction\r\n")
                    .Append("maxmemory_collections:").Append(server.Options.Store.CollectionMemoryBytes.ToString(inv)).Append("\r\n")
                    .Append("collections:").Append(store.Objects.Count.ToString(inv)).Append("\r\n")
                    .Append("collections_on_disk:").Append(store.Objects.EvictedCount.ToString(inv)).Append("\r\n")
                    .Append("log_size_bytes:").Append((store.LogTailAddress - store.LogBeginAddress).ToString(inv)).Append("\r\n")
                    // The page size the log was written with, which an existing data folder keeps whatever --page-size says.
                    .Append("log_page_bytes:").Append(store.Options.PageBytes.ToString(inv)).Append("\r\n")
                    .Append("log_chunk_bytes:").Append(store.Options.ChunkBytes.ToString(inv)).Append("\r\n")
                    // 1 while the log's page flushes bypass the page cache (--log-direct-writes).
                    .Append("log_direct_writes:").Append(store.LogWritesDirect ? '1' : '0').Append("\r\n")
                    // The .NET garbage collector's own counters: what allocates, and what the pauses cost.
                    .Append("gc_allocated_bytes_total:").Append(GC.GetTotalAllocatedBytes(false).ToString(inv)).Append("\r\n")
                    .Append("gc_collections_gen0:").Append(GC.CollectionCount(0).ToString(inv)).Append("\r\n")
                    .Append("gc_collections_gen1:").Append(GC.CollectionCount(1).ToString(inv)).Append("\r\n")
                    .Append("gc_collections_gen2:").Append(GC.CollectionCount(2).ToString(inv)).Append("\r\n")
                    .Append("gc_pause_ms_total:").Append(((long)GC.GetTotalPauseDuration().TotalMilliseconds).ToString(inv)).Append("\r\n");
                break;
            case "persistence":
                var recovery = store.Recovery;
                text.Append("# Persistence\r\n")
                    .Append("loading:0\r\n")
                    .Append("rdb_changes_since_last_save:").Append(store.ChangesSinceSave.ToString(inv)).Append("\r\n")
                    .Append("rdb_bgsave_in_progress:").Append(store.CheckpointRunning ? "1" : "0").Append("\r\n")
                    .Append("rdb_last_save_time:").Append(store.LastSaveUnixSeconds.ToString(inv)).Append("\r\n")
                    .Append("rdb_last_bgsave_status:").Append(store.LastCheckpointSucceeded ? "ok" : "err").Append("\r\n")
                    .Append("aof_enabled:0\r\n")
                    .Append("checkpoint_interval_seconds:").Append(server.Options.CheckpointIntervalSeconds.ToString(inv)).Append("\r\n")
                    .Append("checkpoint_write_waits:").Append(store.CheckpointWriteWaits.ToString(inv)).Append("\r\n")
                    .Append("checkpoint_write_wait_ms:").Append(store.CheckpointWriteWaitMs.ToString(inv)).Append("\r\n")
                    .Append("recovered_from_checkpoint:").Append(recovery.Recovered ? "1" : "0").Append("\r\n")
                    .Append("recovered_keys:").Append(recovery.Keys.ToString(inv)).Append("\r\n");
                break;
            case "stats":
                var stats = server.Stats;
                text.Append("# Stats\r\n")
                    .Append("total_connections_received:").Append(stats.ConnectionsReceived.Value.ToString(inv)).Append("\r\n")
                    .Append("total_commands_processed:").Append(stats.CommandsProcessed.Value.ToString(inv)).Append("\r\n")
                    .Append("total_net_input_bytes:").Append(stats.NetInputBytes.Value.ToString(inv)).Append("\r\n")
                    .Append("rejected_connections:").Append(stats.RejectedConnections.Value.ToString(inv)).Append("\r\n")
                    .Append("expired_keys:").Append(stats.ExpiredKeys.Value.ToString(inv)).Append("\r\n")
                    .Append("evicted_keys:0\r\n")
                    .Append("keyspace_hits:").Append(stats.KeyspaceHits.Value.ToString(inv)).Append("\r\n")
                    .Append("keyspace_misses:").Append(stats.KeyspaceMisses.Value.ToString(inv)).Append("\r\n")
                    .Append("pubsub_channels:").Append(server.PubSub.ChannelCount.ToString(inv)).Append("\r\n")
                    .Append("pubsub_patterns:").Append(server.PubSub.PatternCount.ToString(inv)).Append("\r\n")
                    .Append("pubsubshard_channels:").Append(server.PubSub.ShardChannelCount.ToString(inv)).Append("\r\n")
                    .Append("total_error_replies:").Append(stats.ErrorReplies.Value.ToString(inv)).Append("\r\n")
                    .Append("busy_poll_hits:").Append(stats.BusyPollHits.Value.ToString(inv)).Append("\r\n")
                    .Append("busy_poll_misses:").Append(stats.BusyPollMisses.Value.ToString(inv)).Append("\r\n")
                    .Append("naps:").Append(stats.Naps.Value.ToString(inv)).Append("\r\n")
                    .Append("nap_ready_events:").Append(stats.NapReadyEvents.Value.ToString(inv)).Append("\r\n");
                break;
            case "replication":
                text.Append("# Replication\r\nrole:master\r\nconnected_slaves:0\r\n");
                break;
            case "cpu":
                text.Append("# CPU\r\n")
                    .Append("used_cpu_sys:").Append(process.PrivilegedProcessorTime.TotalSeconds.ToString("0.000000", inv)).Append("\r\n")
                    .Append("used_cpu_user:").Append(process.UserProcessorTime.TotalSeconds.ToString("0.000000", inv)).Append("\r\n");
                break;
            case "keyspace":
                text.Append("# Keyspace\r\n");
                for (int db = 0; db < store.Databases; db++)
                {
                    long keys = store.KeyCount(db);
                    if (keys > 0) text.Append("db").Append(db.ToString(inv)).Append(":keys=").Append(keys.ToString(inv)).Append(",expires=0,avg_ttl=0\r\n");
                }
                break;
        }
    }
}
