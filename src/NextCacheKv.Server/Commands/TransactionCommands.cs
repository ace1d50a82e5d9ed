namespace NextCacheKv.Server.Commands;

/// <summary>MULTI, EXEC, DISCARD, WATCH, UNWATCH.</summary>
internal static class TransactionCommands
{
    public static ValueTask Multi(CommandContext c)
    {
        if (c.Client.InMulti)
        {
            c.Error("ERR MULTI calls can not be nested");
            return default;
        }
        c.Client.InMulti = true;
        c.Client.MultiFailed = false;
        c.Client.Queued.Clear();
        c.Ok();
        return default;
    }

    public static ValueTask Discard(CommandContext c)
    {
        if (!c.Client.InMulti)
        {
            c.Error("ERR DISCARD without MULTI");
            return default;
        }
        EndTransaction(c);
        c.Ok();
        return default;
    }

    public static async ValueTask Exec(CommandContext c)
    {
        var client = c.Client;
        if (!client.InMulti)
        {
            c.Error("ERR EXEC without MULTI");
            return;
        }
        var queued = client.Queued.ToArray();
        if (client.MultiFailed)
        {
            EndTransaction(c);
            c.Error("EXECABORT Transaction discarded because of previous errors.");
            return;
        }
        await c.RunExclusiveAsync(async context =>
        {
            // Checked under the gate: no other batch runs now, so no write can land between this check
            // and the queued commands.
            bool watchedChanged = context.Client.WatchDirty;
            EndTransaction(context);
            if (watchedChanged)
            {
                context.NullArray();
                return;
            }
            context.ArrayHeader(queued.Length);
            foreach (var arguments in queued)
            {
                context.Request.Load(arguments);
                var pending = CommandDispatcher.Dispatch(context);
                if (!pending.IsCompletedSuccessfully) await pending.ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    public static ValueTask Watch(CommandContext c)
    {
        if (c.Client.InMulti)
        {
            c.Error("ERR WATCH inside MULTI is not allowed");
            return default;
        }
        for (int i = 1; i < c.Count; i++) c.Server.Watches.Watch(c.Client, c.Db, c.Arg(i));
        c.Ok();
        return default;
    }

    public static ValueTask Unwatch(CommandContext c)
    {
        c.Server.Watches.UnwatchAll(c.Client);
        c.Ok();
        return default;
    }

    private static void EndTransaction(CommandContext c)
    {
        c.Client.InMulti = false;
        c.Client.MultiFailed = false;
        c.Client.Queued.Clear();
        c.Server.Watches.UnwatchAll(c.Client);
    }
}
