namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>The system clock, until the test makes every read throw: a failure nobody planned for, in whatever reads the time.</summary>
public sealed class FailingClock : TimeProvider
{
    private volatile bool failing;

    public bool Failing
    {
        get => failing;
        set => failing = value;
    }

    public override DateTimeOffset GetUtcNow() => failing ? throw new InvalidOperationException("the test's clock failed") : System.GetUtcNow();
}
