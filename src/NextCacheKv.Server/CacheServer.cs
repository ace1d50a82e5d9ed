using System.IO.Pipelines;
using System.Net;
using NextCacheKv.Protocol;
using NextCacheKv.Server.PubSub;
using NextCacheKv.Storage;

namespace NextCacheKv.Server;

/// <summary>The server: store, listener, live connections and the background work (checkpoints, active expiry).</summary>
public sealed class CacheServer : IAsyncDisposable
{
    private readonly Action<string> log;
    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource shutdownRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> background = [];
    private SocketListener? listener;
    private CacheStore? store;
    private bool stopped;

    public CacheServer(ServerOptions options, Action<string>? log = null)
    {
        Options = options;
        this.log = log ?? (_ => { });
        Commands = CommandTable.Create();
        scripts = new Lazy<Scripting.ScriptEngine>(() => new Scripting.ScriptEngine(this, this.log));
        PubSub = new PubSubBroker(options.OutputBufferLimits);
        KeyspaceEvents = new KeyspaceEvents { Broker = PubSub, Classes = options.NotifyKeyspaceEvents };
    }

    private readonly Lazy<Scripting.ScriptEngine> scripts;

    /// <summary>The Lua state and script cache, created by the first script command.</summary>
    public Scripting.ScriptEngine Scripts => scripts.Value;

    public ServerOptions Options { get; }
    public CommandTable Commands { get; }
    public ServerStats Stats { get; } = new();
    public ClientRegistry Clients { get; } = new();
    /// <summary>Held shared by every batch, exclusively by EXEC and scripts.</summary>
    public ExecutionGate Gate { get; } = new();
    public WatchRegistry Watches { get; } = new();
    /// <summary>Clients blocked in BLPOP and the other blocking list commands.</summary>
    public Blocking.ListWaiters ListWaiters { get; } = new();
    public KeyspaceEvents KeyspaceEvents { get; }
    public PubSubBroker PubSub { get; }
    public CacheStore Store => store ?? throw new InvalidOperationException("The server has not started.");
    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);
    public long StartedAtMs { get; } = Environment.TickCount64;
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>Completes when a client sends SHUTDOWN; the host then stops the server.</summary>
    public Task ShutdownRequested => shutdownRequested.Task;

    /// <summary>SHUTDOWN's choice: take a final checkpoint or not.</summary>
    public bool SaveOnShutdown { get; private set; } = true;

    public void Log(string message) => log(message);

    /// <summary>Opens the store and, unless <paramref name="listen"/> is false (in-memory benchmarks, tests), the TCP listener.</summary>
    public Task StartAsync(bool listen = true)
    {
        store = CacheStore.Open(Options.Store, log);
        // Lazy and active expiry, from any thread and possibly under store locks: publishing only queues.
        store.KeyExpired = OnKeyExpired;
        var recovery = store.Recovery;
        if (recovery.Recovered)
            log($"DB loaded from checkpoint: {recovery.Keys} keys in {recovery.Duration.TotalSeconds:0.000} seconds");
        else if (recovery.CheckpointFound)
            log($"Checkpoint could not be loaded ({recovery.Error}); started empty");
        if (listen)
        {
            listener = new SocketListener(this, new IPEndPoint(IPAddress.Parse(Options.Bind), Options.Port), Options.Backlog);
            EndPoint = listener.LocalEndPoint;
            listener.Start();
        }
        background.Add(Task.Run(() => CheckpointLoopAsync(stopping.Token)));
        background.Add(Task.Run(() => ActiveExpiryLoopAsync(stopping.Token)));
        return Task.CompletedTask;
    }

    /// <summary>Serves one client over any duplex pipe (a socket, or an in-memory pipe in benchmarks and tests).</summary>
    public async Task ServeAsync(IDuplexPipe transport, EndPoint? remote = null, EndPoint? local = null)
    {
        Stats.ConnectionsReceived.Increment();
        if (Clients.Count >= Options.MaxClients || stopping.IsCancellationRequested)
        {
            Stats.RejectedConnections.Increment();
            transport.Output.WriteError("ERR max number of clients reached");
            await transport.Output.FlushAsync().ConfigureAwait(false);
            await transport.Output.CompleteAsync().ConfigureAwait(false);
            await transport.Input.CompleteAsync().ConfigureAwait(false);
            return;
        }
        var connection = new RespConnection(this, transport, remote, local);
        Clients.Add(connection);
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            Clients.Remove(connection);
        }
    }

    private void OnKeyExpired(int db, ReadOnlySpan<byte> key) => KeyChanged(db, NotifyClasses.Expired, "expired", key, origin: null);

    /// <summary>
    /// The one place a key change is announced: its watchers' transactions fail, and the keyspace event
    /// is published if its class is enabled. <paramref name="origin"/> is the command's connection, if any.
    /// </summary>
    internal void KeyChanged(int db, NotifyClasses type, string eventName, ReadOnlySpan<byte> key, CommandContext? origin)
    {
        Watches.Touch(db, key);
        KeyspaceEvents.Notify(db, type, eventName, key, origin);
    }

    /// <summary>Called by SHUTDOWN: the reply is never sent, like Redis; the host stops us.</summary>
    public void RequestShutdown(bool save)
    {
        SaveOnShutdown = save;
        shutdownRequested.TrySetResult();
    }

    /// <summary>Stops serving and, with <paramref name="save"/>, takes the final checkpoint. False when that checkpoint failed.</summary>
    public async Task<bool> StopAsync(bool save = true)
    {
        if (stopped) return true;
        stopped = true;
        stopping.Cancel();
        listener?.Stop();
        foreach (var connection in Clients.All) connection.Abort();
        var deadline = Environment.TickCount64 + 5000;
        while (Clients.Count > 0 && Environment.TickCount64 < deadline) await Task.Delay(20).ConfigureAwait(false);
        try
        {
            await Task.WhenAll(background).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
        }
        catch (Exception e)
        {
            // The final checkpoint matters more than what stopped the background work.
            log($"Background work failed: {e.GetType().Name}: {e.Message}");
        }
        bool saved = true;
        if (store is not null)
        {
            using (var session = store.NewSession()) store.DeleteReleasedChunks(session, all: true);
            if (save)
            {
                saved = await store.CheckpointAsync().ConfigureAwait(false);
                log(saved ? "DB saved on disk" : "Final checkpoint failed: what changed since the last checkpoint is lost");
            }
            store.Dispose();
        }
        listener?.Dispose();
        return saved;
    }

    /// <summary>Checkpoints every <see cref="ServerOptions.CheckpointIntervalSeconds"/> when something changed; re-reads the interval so CONFIG SET save applies at once.</summary>
    private async Task CheckpointLoopAsync(CancellationToken token)
    {
        long last = Environment.TickCount64;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await Task.Delay(1000, token).ConfigureAwait(false);
                int interval = Options.CheckpointIntervalSeconds;
                if (interval <= 0 || Environment.TickCount64 - last < interval * 1000L) continue;
                last = Environment.TickCount64;
                if (Store.ChangesSinceSave == 0) continue;
                // A shutdown cancels it only while it waits to start: once running it ends, then the final one follows.
                if (!await Store.CheckpointAsync(token).ConfigureAwait(false)) log("Background checkpoint failed");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Background housekeeping: active expiry, deleting released chunks, evicting cold collections, compacting a grown log.</summary>
    /// <summary>The gate slot the active-expiry pass holds (any slot serves: it is a counter, not an owner).</summary>
    private static readonly int ActiveExpirySlot = ExecutionGate.SlotOf(0);

    private async Task ActiveExpiryLoopAsync(CancellationToken token)
    {
        using var session = Store.NewSession();
        long cursor = 0;
        long nextCompactionCheck = Environment.TickCount64 + Options.CompactionCheckIntervalMs;
        long nextClockSync = Environment.TickCount64 + 1000;
        long nextExpiryCycle = 0;
        long nextTagPrune = Environment.TickCount64 + 60_000;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await Task.Delay(Options.ActiveExpiryIntervalMs, token).ConfigureAwait(false);
                try
                {
                    if (Environment.TickCount64 >= nextExpiryCycle)
                    {
                        long reaped;
                        // As in Redis, no key expires in the background while a script or transaction runs alone:
                        // inside one, time stands still (the command time snapshot).
                        Gate.EnterShared(ActiveExpirySlot);
                        try
                        {
                            cursor = Store.ReapExpired(session, cursor, Options.ActiveExpiryRecordsPerPass, out reaped);
                        }
                        finally
                        {
                            Gate.ExitShared(ActiveExpirySlot);
                        }
                        if (reaped > 0) Stats.ExpiredKeys.Add(reaped);
                        // A full sweep done: rest before the next, so an idle server stays idle.
                        if (cursor == 0) nextExpiryCycle = Environment.TickCount64 + Options.ActiveExpiryCycleMs;
                    }
                    Store.DeleteReleasedChunks(session);
                    if (Environment.TickCount64 >= nextClockSync)
                    {
                        nextClockSync = Environment.TickCount64 + 1000;
                        Store.ResyncClock();
                        Store.StockLogPages();
                        Store.AdaptLogWrites();
                        // Once a second: collections beyond their memory budget go to the log, coldest first,
                        // and a crowded hash index doubles.
                        Store.EvictColdCollections(session);
                        while (Store.GrowIndexIfCrowded()) { }
                    }
                    if (Environment.TickCount64 >= nextTagPrune)
                    {
                        nextTagPrune = Environment.TickCount64 + 60_000;
                        Store.PruneTags();
                    }
                    if (Environment.TickCount64 >= nextCompactionCheck)
                    {
                        nextCompactionCheck = Environment.TickCount64 + Options.CompactionCheckIntervalMs;
                        long moved = await Store.CompactIfLargeAsync(session, token).ConfigureAwait(false);
                        if (moved > 0) log($"Compacted the log: {moved} live records moved, log now {(Store.LogTailAddress - Store.LogBeginAddress) / (1024 * 1024)} MB");
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One failed pass must not end expiry, compaction and index growth for the life of the process.
                    log($"Housekeeping pass failed, trying again in 1 s: {e.GetType().Name}: {e.Message}");
                    await Task.Delay(1000, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(save: false).ConfigureAwait(false);
        stopping.Dispose();
        if (scripts.IsValueCreated) scripts.Value.Dispose();
    }
}
