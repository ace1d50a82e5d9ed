using NextCacheKv.Server.Blocking;

namespace NextCacheKv.Server;

/// <summary>Wake-ups for clients blocked on lists, and events for a database other than the client's.</summary>
public sealed partial class CommandContext
{
    /// <summary>Like <see cref="Notify"/>, for a key of database <paramref name="db"/> changed on a blocked client's behalf (no origin connection).</summary>
    public void NotifyIn(int db, NotifyClasses type, string eventName, ReadOnlySpan<byte> key) => Server.KeyChanged(db, type, eventName, key, origin: null);

    /// <summary>A push may have filled the list at <paramref name="key"/>: clients blocked on it get served (call under the stripe).</summary>
    public void SignalListReady(ReadOnlySpan<byte> key) => Server.ListWaiters.SignalReady(Db, key);

    /// <summary>RENAME, COPY, MOVE put a value at <paramref name="key"/>: if it is a list, clients blocked on it are served, as Redis's dbAdd signals.</summary>
    public void KeyFilled(int db, ReadOnlySpan<byte> key)
    {
        Server.ListWaiters.SignalReady(db, key);
        ServeBlockedClients();
    }

    /// <summary>SWAPDB: every key waited on in <paramref name="db"/> may now hold a list.</summary>
    public void DatabaseFilled(int db)
    {
        Server.ListWaiters.SignalDatabase(db);
        ServeBlockedClients();
    }

    /// <summary>
    /// Serves blocked clients whose keys were filled; call with no stripe held, after the command. Inside
    /// EXEC or a script this waits until the whole transaction is done, as in Redis.
    /// </summary>
    public void ServeBlockedClients()
    {
        if (!InsideExclusive) Server.ListWaiters.ServeReady(this);
    }
}
