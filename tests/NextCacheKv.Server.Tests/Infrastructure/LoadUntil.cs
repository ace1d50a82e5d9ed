namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>For what a server only does under load: repeats a bounded load until a counter it reports moves.</summary>
public static class LoadUntil
{
    /// <summary>Runs <paramref name="load"/> until <paramref name="count"/> is above zero or 15 s have passed; the last count.</summary>
    public static async Task<long> CountedAsync(Func<Task> load, Func<Task<long>> count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        long counted = 0;
        while (counted == 0 && DateTime.UtcNow < deadline)
        {
            await load();
            counted = await count();
        }
        return counted;
    }
}
