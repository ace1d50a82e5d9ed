using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

public class ExpiryTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_expired_key_is_never_returned_and_is_removed_when_read()
    {
        var clock = new ManualClock(Start);
        using var temp = new TempStore(clock);
        using var session = temp.Store.NewSession();
        long expiresAt = Start.ToUnixTimeMilliseconds() + 1000;
        session.Done(session.Set(0, B("k"), B("v"), StoreFlags.None, expiresAt));
        Assert.Equal("v", session.GetString(0, "k"));
        Assert.Equal(1, temp.Store.KeyCount(0));

        clock.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Null(session.GetString(0, "k"));
        Assert.Equal(0, temp.Store.KeyCount(0));
        Assert.Empty(session.AllKeys(0));
    }

    [Fact]
    public void Active_expiry_reclaims_keys_nobody_reads()
    {
        var clock = new ManualClock(Start);
        using var temp = new TempStore(clock);
        using var session = temp.Store.NewSession();
        for (int i = 0; i < 100; i++)
            session.Done(session.Set(0, B("k" + i), B("v"), StoreFlags.None, i % 2 == 0 ? Start.ToUnixTimeMilliseconds() + 10 : 0));
        clock.Advance(TimeSpan.FromSeconds(1));

        long cursor = 0, reaped = 0;
        do
        {
            cursor = temp.Store.ReapExpired(session, cursor, 1000, out long step);
            reaped += step;
        } while (cursor != 0);

        Assert.Equal(50, reaped);
        Assert.Equal(50, temp.Store.KeyCount(0));
    }

    [Fact]
    public void Incr_on_an_expired_key_starts_from_zero_without_expiry()
    {
        var clock = new ManualClock(Start);
        using var temp = new TempStore(clock);
        using var session = temp.Store.NewSession();
        session.Done(session.Set(0, B("n"), B("41"), StoreFlags.None, Start.ToUnixTimeMilliseconds() + 5));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, session.Done(session.IncrBy(0, B("n"), 1)).Integer);
        Assert.Equal(0, session.Done(session.Inspect(0, B("n"))).Integer);
    }

    [Fact]
    public void Expire_conditions_follow_redis()
    {
        using var temp = new TempStore();
        using var session = temp.Store.NewSession();
        long now = temp.Store.NowMs;
        session.Done(session.Set(0, B("k"), B("v"), StoreFlags.None, 0));
        Assert.Equal(OpStatus.NotPerformed, session.Done(session.Expire(0, B("k"), now + 10_000, StoreFlags.IfExists)).Status);
        Assert.Equal(OpStatus.NotPerformed, session.Done(session.Expire(0, B("k"), now + 10_000, StoreFlags.IfGreater)).Status);
        Assert.Equal(OpStatus.Ok, session.Done(session.Expire(0, B("k"), now + 10_000, StoreFlags.IfMissing)).Status);
        Assert.Equal(OpStatus.NotPerformed, session.Done(session.Expire(0, B("k"), now + 20_000, StoreFlags.IfLess)).Status);
        Assert.Equal(OpStatus.Ok, session.Done(session.Expire(0, B("k"), now + 20_000, StoreFlags.IfGreater)).Status);
        Assert.Equal(now + 20_000, session.Done(session.Inspect(0, B("k"))).Integer);
        Assert.Equal(OpStatus.Ok, session.Done(session.Persist(0, B("k"))).Status);
        Assert.Equal(OpStatus.NotPerformed, session.Done(session.Persist(0, B("k"))).Status);
        Assert.Equal(OpStatus.Ok, session.Done(session.Expire(0, B("k"), now - 1, StoreFlags.None)).Status);
        Assert.Equal(OpStatus.NotFound, session.Done(session.Inspect(0, B("k"))).Status);
        Assert.Equal(0, temp.Store.KeyCount(0));
    }
}
