namespace NextCacheKv.Server.Blocking;

/// <summary>How a blocked list command ended.</summary>
public enum WakeReason : byte
{
    /// <summary>An element (or several, BLMPOP) was popped for it; <see cref="ListWakeup.Key"/> says from where.</summary>
    Served,
    TimedOut,
    /// <summary>BLMOVE's destination held another type when the source filled: WRONGTYPE, as Redis 7.0 replies.</summary>
    WrongType,
    /// <summary>The client disconnected or was killed: nothing is replied.</summary>
    Cancelled,
}

/// <summary>What a blocked client is told when it wakes up.</summary>
public readonly record struct ListWakeup(WakeReason Reason, byte[]? Key = null, byte[][]? Values = null);

/// <summary>What a blocked list command waits for, and how it is to be served.</summary>
public sealed class ListWaiter
{
    private readonly TaskCompletionSource<ListWakeup> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ListWaiter(int db, byte[][] keys, bool fromFront, byte[]? destination, bool toFront, long count)
    {
        Db = db;
        Keys = keys;
        FromFront = fromFront;
        Destination = destination;
        ToFront = toFront;
        Count = count;
    }

    public int Db { get; }
    /// <summary>Distinct keys, in the order given (the first that fills serves the client).</summary>
    public byte[][] Keys { get; }
    public bool FromFront { get; }
    /// <summary>BLMOVE/BRPOPLPUSH: where the popped element is pushed.</summary>
    public byte[]? Destination { get; }
    public bool ToFront { get; }
    /// <summary>BLMPOP's COUNT; -1 for the single-element commands.</summary>
    public long Count { get; }

    /// <summary>Set under <see cref="ListWaiters"/>' lock when the waiter leaves the registry: it is served at most once.</summary>
    internal bool Finished { get; set; }

    /// <summary>Where the waiter sits in the queue of each of <see cref="Keys"/> (same order), for O(1) removal.</summary>
    internal List<LinkedListNode<ListWaiter>> Nodes { get; } = [];

    public Task<ListWakeup> Task => completion.Task;

    internal void Complete(ListWakeup wakeup) => completion.TrySetResult(wakeup);
}
