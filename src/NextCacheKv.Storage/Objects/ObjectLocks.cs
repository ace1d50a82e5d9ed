namespace NextCacheKv.Storage.Objects;

/// <summary>
/// Striped locks over collection keys: a command holds the stripes of the keys it touches while it reads
/// or changes their objects, so commands on different keys run in parallel and a command's keys change
/// together. Several stripes are always taken in ascending order, so two commands never deadlock.
/// </summary>
public sealed class ObjectLocks
{
    private const int StripeCount = 1024;
    private readonly Lock[] stripes = new Lock[StripeCount];

    public ObjectLocks()
    {
        for (int i = 0; i < stripes.Length; i++) stripes[i] = new Lock();
    }

    public static int StripeOf(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return hash.ToHashCode() & (StripeCount - 1);
    }

    public Lock.Scope Enter(ReadOnlySpan<byte> key) => stripes[StripeOf(key)].EnterScope();

    /// <summary>Holds the stripes of every key until disposed.</summary>
    public Held EnterAll(IEnumerable<byte[]> keys)
    {
        var order = keys.Select(key => StripeOf(key)).Distinct().Order().ToArray();
        foreach (int stripe in order) stripes[stripe].Enter();
        return new Held(this, order);
    }

    /// <summary>Every stripe: nothing else touches any collection meanwhile.</summary>
    public Held EnterEverything() => EnterAll(Enumerable.Range(0, StripeCount));

    private Held EnterAll(IEnumerable<int> ordered)
    {
        var order = ordered.ToArray();
        foreach (int stripe in order) stripes[stripe].Enter();
        return new Held(this, order);
    }

    public readonly struct Held(ObjectLocks owner, int[] order) : IDisposable
    {
        public void Dispose()
        {
            if (order is null) return;
            for (int i = order.Length - 1; i >= 0; i--) owner.stripes[order[i]].Exit();
        }
    }
}
