namespace NextCacheKv.Storage.Tests;

/// <summary>A clock that counts its reads and can be told what the next reads return (the last value then stays).</summary>
internal sealed class ScriptedClock(DateTimeOffset start) : TimeProvider
{
    private readonly Queue<DateTimeOffset> next = new();
    private DateTimeOffset now = start;

    public int Reads { get; private set; }

    public override DateTimeOffset GetUtcNow()
    {
        Reads++;
        if (next.Count > 0) now = next.Dequeue();
        return now;
    }

    /// <summary>The next reads return <paramref name="times"/> in order; later reads keep the last.</summary>
    public void Then(params DateTimeOffset[] times)
    {
        foreach (var time in times) next.Enqueue(time);
    }
}
