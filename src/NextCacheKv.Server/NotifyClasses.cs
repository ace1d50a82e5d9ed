namespace NextCacheKv.Server;

/// <summary>The classes of keyspace notifications, as the letters of <c>notify-keyspace-events</c> name them.</summary>
[Flags]
public enum NotifyClasses
{
    None = 0,
    /// <summary>K: publish on __keyspace@db__:key.</summary>
    Keyspace = 1 << 0,
    /// <summary>E: publish on __keyevent@db__:event.</summary>
    Keyevent = 1 << 1,
    /// <summary>g: DEL, EXPIRE, RENAME, … (type-independent commands).</summary>
    Generic = 1 << 2,
    /// <summary>$: string commands.</summary>
    String = 1 << 3,
    /// <summary>l: list commands.</summary>
    List = 1 << 4,
    /// <summary>s: set commands.</summary>
    Set = 1 << 5,
    /// <summary>h: hash commands.</summary>
    Hash = 1 << 6,
    /// <summary>z: sorted set commands.</summary>
    SortedSet = 1 << 7,
    /// <summary>x: expired events.</summary>
    Expired = 1 << 8,
    /// <summary>e: evicted events.</summary>
    Evicted = 1 << 9,
    /// <summary>t: stream commands.</summary>
    Stream = 1 << 10,
    /// <summary>m: key misses (not in A).</summary>
    KeyMiss = 1 << 11,
    /// <summary>d: module key types.</summary>
    Module = 1 << 12,
    /// <summary>n: new keys (not in A).</summary>
    New = 1 << 13,
    /// <summary>A: alias for g$lshzxetd.</summary>
    All = Generic | String | List | Set | Hash | SortedSet | Expired | Evicted | Stream | Module,
}
