using NextCacheKv.Storage;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// RENAME, RENAMENX, COPY, MOVE: read the whole record (value and expiry), write it under the new
/// name or database, delete the source where the command moves. Each step is atomic per key.
/// </summary>
internal static class MoveCommands
{
    public static ValueTask Rename(CommandContext c) => RenameCore(c, onlyIfMissing: false);

    public static ValueTask RenameNx(CommandContext c) => RenameCore(c, onlyIfMissing: true);

    private static async ValueTask RenameCore(CommandContext c, bool onlyIfMissing)
    {
        var sink = new CapturingSink();
        var read = await c.Complete(c.Store.GetRecord(c.Db, c.Arg(1), sink)).ConfigureAwait(false);
        if (!read.IsOk || sink.Captured is null)
        {
            c.Error(Errors.NoSuchKey);
            return;
        }
        if (c.Arg(1).SequenceEqual(c.Arg(2)))
        {
            if (onlyIfMissing) c.Integer(0);
            else c.Ok();
            return;
        }
        var write = await c.Complete(c.Store.SetRecord(c.Db, c.Arg(2), sink.Captured, onlyIfMissing ? StoreFlags.IfMissing : StoreFlags.None)).ConfigureAwait(false);
        if (write.Status == OpStatus.NotPerformed)
        {
            c.Integer(0);
            return;
        }
        if (c.TryReplyStoreError(write.Status)) return;
        await c.Complete(c.Store.Delete(c.Db, c.Arg(1))).ConfigureAwait(false);
        if (onlyIfMissing) c.Integer(1);
        else c.Ok();
    }

    public static async ValueTask Copy(CommandContext c)
    {
        int targetDb = c.Db;
        bool replace = false;
        for (int i = 3; i < c.Count; i++)
        {
            if (c.ArgIs(i, "REPLACE"u8)) replace = true;
            else if (c.ArgIs(i, "DB"u8) && i + 1 < c.Count)
            {
                if (!c.Request.TryGetInt64(++i, out long db))
                {
                    c.Error(Errors.NotInteger);
                    return;
                }
                if (db < 0 || db >= c.Server.Store.Databases)
                {
                    c.Error(Errors.DbIndexOutOfRange);
                    return;
                }
                targetDb = (int)db;
            }
            else
            {
                c.Error(Errors.Syntax);
                return;
            }
        }
        if (targetDb == c.Db && c.Arg(1).SequenceEqual(c.Arg(2)))
        {
            c.Error(Errors.SameObject);
            return;
        }
        var sink = new CapturingSink();
        var read = await c.Complete(c.Store.GetRecord(c.Db, c.Arg(1), sink)).ConfigureAwait(false);
        if (!read.IsOk || sink.Captured is null)
        {
            c.Integer(0);
            return;
        }
        var write = await c.Complete(c.Store.SetRecord(targetDb, c.Arg(2), sink.Captured, replace ? StoreFlags.None : StoreFlags.IfMissing)).ConfigureAwait(false);
        if (c.TryReplyStoreError(write.Status)) return;
        c.Integer(write.IsOk ? 1 : 0);
    }

    public static async ValueTask Move(CommandContext c)
    {
        if (!c.Request.TryGetInt64(2, out long db))
        {
            c.Error(Errors.NotInteger);
            return;
        }
        if (db < 0 || db >= c.Server.Store.Databases)
        {
            c.Error(Errors.DbIndexOutOfRange);
            return;
        }
        if (db == c.Db)
        {
            c.Error(Errors.SameObject);
            return;
        }
        var sink = new CapturingSink();
        var read = await c.Complete(c.Store.GetRecord(c.Db, c.Arg(1), sink)).ConfigureAwait(false);
        if (!read.IsOk || sink.Captured is null)
        {
            c.Integer(0);
            return;
        }
        var write = await c.Complete(c.Store.SetRecord((int)db, c.Arg(1), sink.Captured, StoreFlags.IfMissing)).ConfigureAwait(false);
        if (!write.IsOk)
        {
            c.Integer(0);
            return;
        }
        await c.Complete(c.Store.Delete(c.Db, c.Arg(1))).ConfigureAwait(false);
        c.Integer(1);
    }
}
