namespace NextCacheKv.Server.Commands;

/// <summary>DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, SAVE, BGSAVE, LASTSAVE, SHUTDOWN.</summary>
internal static class ServerCommands
{
    public static ValueTask DbSize(CommandContext c)
    {
        c.Integer(c.Server.Store.KeyCount(c.Db));
        return default;
    }

    public static ValueTask FlushDb(CommandContext c)
    {
        if (!IsFlushModeValid(c)) return default;
        c.Server.Watches.TouchDatabase(c.Db, c.Store.KeyExistsBlocking);
        c.Server.Store.FlushDb(c.Db);
        c.Ok();
        return default;
    }

    public static ValueTask FlushAll(CommandContext c)
    {
        if (!IsFlushModeValid(c)) return default;
        c.Server.Watches.TouchDatabase(-1, c.Store.KeyExistsBlocking);
        c.Server.Store.FlushAll();
        c.Ok();
        return default;
    }

    /// <summary>ASYNC and SYNC are both accepted; flushing is O(1) here either way.</summary>
    private static bool IsFlushModeValid(CommandContext c)
    {
        if (c.Count == 1 || (c.Count == 2 && (c.ArgIs(1, "ASYNC"u8) || c.ArgIs(1, "SYNC"u8)))) return true;
        c.Error(Errors.Syntax);
        return false;
    }

    public static ValueTask SwapDb(CommandContext c)
    {
        if (!c.Request.TryGetInt64(1, out long a))
        {
            c.Error("ERR invalid first DB index");
            return default;
        }
        if (!c.Request.TryGetInt64(2, out long b))
        {
            c.Error("ERR invalid second DB index");
            return default;
        }
        int databases = c.Server.Store.Databases;
        if (a < 0 || a >= databases || b < 0 || b >= databases)
        {
            c.Error(Errors.DbIndexOutOfRange);
            return default;
        }
        if (a != b)
        {
            c.Server.Watches.TouchDatabase((int)a, c.Store.KeyExistsBlocking, swappedWith: (int)b);
            c.Server.Watches.TouchDatabase((int)b, c.Store.KeyExistsBlocking, swappedWith: (int)a);
            c.Server.Store.SwapDb((int)a, (int)b);
        }
        c.Ok();
        if (a != b)
        {
            c.DatabaseFilled((int)a);
            c.DatabaseFilled((int)b);
        }
        return default;
    }

    public static ValueTask Time(CommandContext c)
    {
        long microseconds = c.Server.Options.Store.Clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000 + DateTime.UtcNow.Ticks / 10 % 1000;
        c.ArrayHeader(2);
        c.Bulk((microseconds / 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        c.Bulk((microseconds % 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return default;
    }

    public static async ValueTask Save(CommandContext c)
    {
        if (await c.Server.Store.CheckpointAsync().ConfigureAwait(false)) c.Ok();
        else c.Error("ERR checkpoint failed");
    }

    public static ValueTask BgSave(CommandContext c)
    {
        if (c.Count > 2 || (c.Count == 2 && !c.ArgIs(1, "SCHEDULE"u8)))
        {
            c.Error(Errors.Syntax);
            return default;
        }
        var store = c.Server.Store;
        // Redis refuses a second one while one runs (SCHEDULE too: it only waits for other children).
        if (store.CheckpointRunning)
        {
            c.Error("ERR Background save already in progress");
            return default;
        }
        // Called here, not on the pool: it marks itself running before it first waits, so a BGSAVE right after sees it.
        _ = LogIfFailedAsync(store.CheckpointAsync(), c.Server);
        // Inside EXEC Redis defers it and says so; here it starts, as the transaction has already run alone.
        c.SimpleString(c.InsideExclusive ? "Background saving scheduled" : "Background saving started");
        return default;
    }

    private static async Task LogIfFailedAsync(Task<bool> checkpoint, CacheServer server)
    {
        if (!await checkpoint.ConfigureAwait(false)) server.Log("Background saving failed");
    }

    public static ValueTask LastSave(CommandContext c)
    {
        c.Integer(c.Server.Store.LastSaveUnixSeconds);
        return default;
    }

    /// <summary>
    /// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: no reply on success, the connection just closes. Saving, it
    /// checkpoints first, as Redis saves before it stops: a checkpoint that fails is an error and the server stays
    /// up. The host's final checkpoint then adds what other clients wrote meanwhile.
    /// </summary>
    public static async ValueTask Shutdown(CommandContext c)
    {
        bool nosave = false, save = false, abort = false, other = false;
        for (int i = 1; i < c.Count; i++)
        {
            if (c.ArgIs(i, "NOSAVE"u8)) nosave = true;
            else if (c.ArgIs(i, "SAVE"u8)) save = true;
            else if (c.ArgIs(i, "NOW"u8) || c.ArgIs(i, "FORCE"u8)) other = true;
            else if (c.ArgIs(i, "ABORT"u8)) abort = true;
            else
            {
                c.Error(Errors.Syntax);
                return;
            }
        }
        // Redis's rules: SAVE and NOSAVE exclude each other, and ABORT goes alone.
        if ((nosave && save) || (abort && (nosave || save || other)))
        {
            c.Error(Errors.Syntax);
            return;
        }
        if (abort)
        {
            // Redis aborts a shutdown waiting for replicas; there are none here, so none is ever in progress.
            c.Error("ERR No shutdown in progress.");
            return;
        }
        save = !nosave;
        if (!c.Client.Authenticated)
        {
            c.Error(Errors.NoAuth);
            return;
        }
        if (save && !await c.Server.Store.CheckpointAsync().ConfigureAwait(false))
        {
            c.Error("ERR Errors trying to SHUTDOWN. Check logs.");
            return;
        }
        c.Server.RequestShutdown(save);
        c.CloseAfterReply = true;
    }
}
