namespace NextCacheKv.Server;

/// <summary>Running alone (EXEC, scripts) and waiting without holding others back (blocking commands, slow flushes).</summary>
public sealed partial class CommandContext
{
    /// <summary>This connection's slot in <see cref="ExecutionGate"/>; the connection holds it shared during a batch.</summary>
    internal int GateSlot => ExecutionGate.SlotOf(Client.Id);

    /// <summary>Runs <paramref name="body"/> while no other connection runs anything (<see cref="InsideExclusive"/> meanwhile).</summary>
    public async ValueTask RunExclusiveAsync(Func<CommandContext, ValueTask> body)
    {
        var gate = Server.Gate;
        gate.ExitShared(GateSlot);
        try
        {
            await gate.EnterExclusiveAsync().ConfigureAwait(false);
            InsideExclusive = true;
            try
            {
                await body(this).ConfigureAwait(false);
                // Clients blocked on lists the transaction filled are served once it is over, as in Redis.
                Server.ListWaiters.ServeReady(this);
            }
            finally
            {
                InsideExclusive = false;
                gate.ExitExclusive();
            }
        }
        finally
        {
            gate.EnterShared(GateSlot);
        }
    }

    /// <summary>Awaits <paramref name="wait"/> without holding the gate, so a transaction elsewhere can run meanwhile (inside one, simply awaits).</summary>
    public async ValueTask OutsideGateAsync(ValueTask<System.IO.Pipelines.FlushResult> wait)
    {
        if (wait.IsCompletedSuccessfully) return;
        if (InsideExclusive)
        {
            // Running alone already: this connection holds no shared slot to give back.
            await wait.ConfigureAwait(false);
            return;
        }
        Server.Gate.ExitShared(GateSlot);
        try
        {
            await wait.ConfigureAwait(false);
        }
        finally
        {
            Server.Gate.EnterShared(GateSlot);
        }
    }

    /// <summary>
    /// Awaits <paramref name="wait"/> (a blocking command's wake-up) without holding the gate. A command that
    /// waited goes on at a new time, as Redis re-runs an unblocked command with a fresh time snapshot.
    /// </summary>
    public async ValueTask<T> OutsideGateAsync<T>(Task<T> wait)
    {
        if (wait.IsCompleted || InsideExclusive) return await wait.ConfigureAwait(false);
        Server.Gate.ExitShared(GateSlot);
        try
        {
            return await wait.ConfigureAwait(false);
        }
        finally
        {
            Server.Gate.EnterShared(GateSlot);
            Store.BeginCommand();
        }
    }

    /// <summary>
    /// Between the parts of a reply streamed while the client reads it (counts near 2^63): flushes once enough
    /// is buffered, without holding the gate. False once the client is gone or killed: a pipe whose reader
    /// failed silently discards writes, so a stream that only watched its buffer would never end. Inside EXEC
    /// or a script the reply is built whole.
    /// </summary>
    public async ValueTask<bool> PaceStreamedReplyAsync()
    {
        if (Client.KillRequested) return false;
        var writer = Writer;
        if (InsideExclusive || !writer.CanGetUnflushedBytes || writer.UnflushedBytes <= Server.Options.OutputFlushThreshold) return true;
        var flushed = await OutsideGateAsync(writer.FlushAsync().AsTask()).ConfigureAwait(false);
        return !(flushed.IsCompleted || flushed.IsCanceled || Client.KillRequested);
    }

    /// <summary>True while this command runs inside EXEC or a script: it must not block.</summary>
    public bool InsideExclusive { get; internal set; }
}
