using NextCacheKv.Storage;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// RENAME, RENAMENX, COPY, MOVE: the store copies the value and its expiry to the target (large values
/// included) and removes the source where the command moves. Each step is atomic per key.
/// </summary>
internal static class MoveCommands
{
    public static ValueTask Rename(CommandContext c) => RenameCore(c, onlyIfMissing: false);

    public static ValueTask RenameNx(CommandContext c) => RenameCore(c, onlyIfMissing: true);

    private static async ValueTask RenameCore(CommandContext c, bool onlyIfMissing)
    {
        if (c.Arg(1).SequenceEqual(c.Arg(2)))
        {
            var exists = await c.Complete(c.Store.Inspect(c.Db, c.Arg(1))).ConfigureAwait(false);
            if (!exists.IsOk) c.Error(Errors.NoSuchKey);
            else if (onlyIfMissing) c.Integer(0);
            else c.Ok();
            return;
        }
        var result = await c.Complete(c.Store.Copy(c.Db, c.Arg(1), c.Db, c.Arg(2), replace: !onlyIfMissing, deleteSource: true)).ConfigureAwait(false);
        if (result.IsOk)
        {
            c.Notify(NotifyClasses.Generic, "rename_from", c.Arg(1));
            c.Notify(NotifyClasses.Generic, "rename_to", c.Arg(2));
        }
        if (result.Status == OpStatus.NotFound) c.Error(Errors.NoSuchKey);
        else if (c.TryReplyStoreError(result.Status)) return;
        else if (onlyIfMissing) c.Integer(result.IsOk ? 1 : 0);
        else c.Ok();
        if (result.IsOk) c.KeyFilled(c.Db, c.Arg(2));
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
        var result = await c.Complete(c.Store.Copy(c.Db, c.Arg(1), targetDb, c.Arg(2), replace, deleteSource: false)).ConfigureAwait(false);
        if (result.IsOk) c.Notify(NotifyClasses.Generic, "copy_to", c.Arg(2), targetDb);
        if (!c.TryReplyStoreError(result.Status)) c.Integer(result.IsOk ? 1 : 0);
        if (result.IsOk) c.KeyFilled(targetDb, c.Arg(2));
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
        var result = await c.Complete(c.Store.Copy(c.Db, c.Arg(1), (int)db, c.Arg(1), replace: false, deleteSource: true)).ConfigureAwait(false);
        if (result.IsOk)
        {
            c.Notify(NotifyClasses.Generic, "move_from", c.Arg(1));
            c.Notify(NotifyClasses.Generic, "move_to", c.Arg(1), (int)db);
        }
        if (!c.TryReplyStoreError(result.Status)) c.Integer(result.IsOk ? 1 : 0);
        if (result.IsOk) c.KeyFilled((int)db, c.Arg(1));
    }
}
