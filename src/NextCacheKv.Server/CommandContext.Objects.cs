using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server;

/// <summary>
/// Collection access for handlers. A handler holds its keys' stripe
/// (<c>using var held = c.LockKey(key)</c>), finds or creates the object, changes it, and removes the
/// key when the collection is left empty — all synchronously, before releasing the stripe.
/// </summary>
public sealed partial class CommandContext
{
    public ObjectLocks ObjectLocks => Store.Objects.Locks;

    public Lock.Scope LockKey(ReadOnlySpan<byte> key) => Store.Objects.Locks.Enter(key);

    /// <summary>Copies of arguments [<paramref name="from"/>, <paramref name="to"/>): the keys a multi-key command locks and keeps.</summary>
    public byte[][] CopyArgs(int from, int to)
    {
        var copies = new byte[to - from][];
        for (int i = from; i < to; i++) copies[i - from] = Arg(i).ToArray();
        return copies;
    }

    /// <summary>Locks several keys' stripes in a deadlock-free order (multi-key commands).</summary>
    public ObjectLocks.Held LockKeys(IEnumerable<byte[]> keys) => Store.Objects.Locks.EnterAll(keys);

    /// <summary>
    /// The collection of <paramref name="kind"/> at <paramref name="key"/>, or null when absent. False (and
    /// WRONGTYPE already replied) when the key holds another type.
    /// </summary>
    public bool TryFind<T>(ReadOnlySpan<byte> key, ValueKind kind, out T? obj) where T : CollectionObject
    {
        obj = null;
        switch (Store.FindObject(Db, key, kind, out var found))
        {
            case ObjectLookup.WrongType:
                Error(Errors.WrongType);
                return false;
            case ObjectLookup.Found:
                obj = (T)found!;
                return true;
            default:
                return true;
        }
    }

    /// <summary>
    /// The collection at <paramref name="key"/>, created empty when absent; false (WRONGTYPE replied)
    /// when the key holds another type. Call <see cref="Changed"/> after adding to it.
    /// </summary>
    public bool TryFindOrCreate<T>(ReadOnlySpan<byte> key, ValueKind kind, out T obj) where T : CollectionObject, new()
    {
        while (true)
        {
            if (!TryFind(key, kind, out T? found))
            {
                obj = null!;
                return false;
            }
            if (found is not null)
            {
                obj = found;
                return true;
            }
            var created = new T();
            if (Store.CreateObject(Db, key, created))
            {
                obj = created;
                return true;
            }
            // Another type was written at the key meanwhile: look again (WRONGTYPE).
        }
    }

    /// <summary>After a change: removes the key if the collection is now empty, and counts the change for SAVE.</summary>
    public void Changed(ReadOnlySpan<byte> key, CollectionObject obj)
    {
        Store.ObjectChanged();
        if (obj.Count == 0) Store.RemoveObjectKey(Db, key);
    }

    /// <summary>
    /// After elements left <paramref name="obj"/> (Redis's pattern for pops and removals): the key goes if
    /// the collection is now empty, then the command's event, then "del" when the key went away.
    /// </summary>
    public void ElementsRemoved(ReadOnlySpan<byte> key, CollectionObject obj, NotifyClasses type, string eventName)
    {
        Changed(key, obj);
        Notify(type, eventName, key);
        if (obj.Count == 0) Notify(NotifyClasses.Generic, "del", key);
    }
}
