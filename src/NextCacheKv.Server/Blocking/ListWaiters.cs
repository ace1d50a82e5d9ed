using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Blocking;

/// <summary>
/// Clients blocked in BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP, queued per key in arrival order.
/// A write that fills a list signals its key ready; the writer then serves the waiters itself, in FIFO
/// order and under the key's stripe, once its command (or its whole EXEC or script) is done, as Redis's
/// handleClientsBlockedOnKeys does, so an element pushed for a waiter cannot be taken by anyone else.
/// Lock order: key stripes, then this registry's lock. Costs one read per push while nobody blocks.
/// </summary>
public sealed class ListWaiters
{
    private readonly Lock gate = new();
    private readonly Dictionary<(int Db, string Key), LinkedList<ListWaiter>> queues = [];
    private readonly Queue<(int Db, byte[] Key)> ready = new();
    private readonly HashSet<(int Db, string Key)> readyIds = [];
    private int blockedClients;

    /// <summary>INFO's blocked_clients.</summary>
    public int BlockedClients => Volatile.Read(ref blockedClients);

    /// <summary>Queues <paramref name="waiter"/> on its keys; the caller holds the keys' stripes and found them all empty.</summary>
    public void Add(ListWaiter waiter)
    {
        lock (gate)
        {
            foreach (var key in waiter.Keys)
            {
                var id = (waiter.Db, KeyOf(key));
                if (!queues.TryGetValue(id, out var queue)) queues[id] = queue = new LinkedList<ListWaiter>();
                waiter.Nodes.Add(queue.AddLast(waiter));
            }
            blockedClients++;
        }
    }

    /// <summary>Ends a wait that was not served (timeout, disconnect); false when it was served first.</summary>
    public bool TryFinish(ListWaiter waiter, ListWakeup wakeup)
    {
        lock (gate)
        {
            if (waiter.Finished) return false;
            Detach(waiter);
        }
        waiter.Complete(wakeup);
        return true;
    }

    /// <summary>A list at <paramref name="key"/> may have filled: remember the key if anyone waits on it.</summary>
    public void SignalReady(int db, ReadOnlySpan<byte> key)
    {
        if (Volatile.Read(ref blockedClients) == 0) return;
        var id = (db, KeyOf(key));
        lock (gate)
        {
            if (!queues.ContainsKey(id) || !readyIds.Add(id)) return;
            ready.Enqueue((db, key.ToArray()));
        }
    }

    /// <summary>SWAPDB: every key waited on in <paramref name="db"/> is ready (serving skips those that hold no list).</summary>
    public void SignalDatabase(int db)
    {
        if (Volatile.Read(ref blockedClients) == 0) return;
        lock (gate)
        {
            foreach (var id in queues.Keys)
                if (id.Db == db && readyIds.Add(id)) ready.Enqueue((db, System.Text.Encoding.Latin1.GetBytes(id.Key)));
        }
    }

    /// <summary>
    /// Serves the waiters of every ready key. Called by the writer with no stripe held: after a command,
    /// or after EXEC or a script (never in the middle of one).
    /// </summary>
    public void ServeReady(CommandContext c)
    {
        if (Volatile.Read(ref blockedClients) == 0) return;
        while (true)
        {
            (int Db, byte[] Key) next;
            lock (gate)
            {
                if (!ready.TryDequeue(out next)) return;
                readyIds.Remove((next.Db, KeyOf(next.Key)));
            }
            ServeKey(c, next.Db, next.Key);
        }
    }

    /// <summary>Serves the key's waiters first come, first served, while its list has elements.</summary>
    private void ServeKey(CommandContext c, int db, byte[] key)
    {
        var id = (db, KeyOf(key));
        while (true)
        {
            ListWaiter? first;
            lock (gate)
            {
                first = queues.TryGetValue(id, out var queue) ? queue.First!.Value : null;
            }
            if (first is null) return;
            byte[][] locked = first.Destination is null ? [key] : [key, first.Destination];
            using (c.LockKeys(locked))
            {
                if (c.Store.FindObject(db, key, ValueKind.List, out var found) != ObjectLookup.Found) return;
                var source = (ListObject)found!;
                if (source.Length == 0) return;
                lock (gate)
                {
                    // Timed out or disconnected since we looked: try the next one.
                    if (first.Finished) continue;
                    Detach(first);
                }
                first.Complete(Serve(c, db, key, source, first));
            }
        }
    }

    /// <summary>Pops for <paramref name="waiter"/> (and pushes, for BLMOVE) under the stripes, with Redis's events.</summary>
    private ListWakeup Serve(CommandContext c, int db, byte[] key, ListObject source, ListWaiter waiter)
    {
        if (waiter.Destination is { } destinationKey)
        {
            var lookup = c.Store.FindObject(db, destinationKey, ValueKind.List, out var found);
            if (lookup == ObjectLookup.WrongType) return new ListWakeup(WakeReason.WrongType);
            var destination = (ListObject?)found;
            if (destination is null)
            {
                destination = new ListObject();
                if (!c.Store.CreateObject(db, destinationKey, destination)) return new ListWakeup(WakeReason.WrongType);
            }
            // The blocked client replies later, from its own thread: it needs its own copy.
            var value = (waiter.FromFront ? source.PopFront() : source.PopBack()).ToArray();
            if (waiter.ToFront) destination.PushFront(value);
            else destination.PushBack(value);
            c.NotifyIn(db, NotifyClasses.List, waiter.ToFront ? "lpush" : "rpush", destinationKey);
            c.NotifyIn(db, NotifyClasses.List, waiter.FromFront ? "lpop" : "rpop", key);
            RemoveIfEmpty(c, db, key, source);
            // The push side may fill a list someone else waits on.
            SignalReady(db, destinationKey);
            return new ListWakeup(WakeReason.Served, key, [value]);
        }
        int take = waiter.Count < 0 ? 1 : (int)Math.Min(waiter.Count, source.Length);
        var values = new byte[take][];
        for (int i = 0; i < take; i++) values[i] = (waiter.FromFront ? source.PopFront() : source.PopBack()).ToArray();
        c.NotifyIn(db, NotifyClasses.List, waiter.FromFront ? "lpop" : "rpop", key);
        RemoveIfEmpty(c, db, key, source);
        return new ListWakeup(WakeReason.Served, key, values);
    }

    private static void RemoveIfEmpty(CommandContext c, int db, byte[] key, ListObject list)
    {
        c.Store.ObjectChanged();
        if (list.Length > 0) return;
        c.Store.RemoveObjectKey(db, key);
        c.NotifyIn(db, NotifyClasses.Generic, "del", key);
    }

    /// <summary>Takes the waiter out of every key's queue (under the lock); it is then served or ended exactly once.</summary>
    private void Detach(ListWaiter waiter)
    {
        waiter.Finished = true;
        for (int i = 0; i < waiter.Nodes.Count; i++)
        {
            var queue = waiter.Nodes[i].List!;
            queue.Remove(waiter.Nodes[i]);
            if (queue.Count == 0) queues.Remove((waiter.Db, KeyOf(waiter.Keys[i])));
        }
        waiter.Nodes.Clear();
        blockedClients--;
    }

    // Latin-1 maps every byte to one char: an exact, hashable copy of the key.
    private static string KeyOf(ReadOnlySpan<byte> key) => System.Text.Encoding.Latin1.GetString(key);
}
