using NextCacheKv.Storage;
using static NextCacheKv.Storage.Tests.StoreHelpers;

namespace NextCacheKv.Storage.Tests;

/// <summary>
/// Operations read the clock only when the time matters to them, once per operation, and a command keeps
/// the first time any of its operations read.
/// </summary>
public class LazyClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Writes_and_reads_of_keys_without_a_ttl_never_read_the_clock()
    {
        var clock = new ScriptedClock(Start);
        using var temp = new TempStore(clock);
        using var session = temp.Store.NewSession();
        session.BeginCommand();
        int before = clock.Reads;

        session.Done(session.Set(0, B("k"), B("first"), StoreFlags.None, 0));
        session.Done(session.Set(0, B("k"), B("second, longer than the first"), StoreFlags.None, 0));
        session.Done(session.Set(0, B("n"), B("1"), StoreFlags.None, 0));
        session.Done(session.IncrBy(0, B("n"), 41));
        session.Done(session.Append(0, B("k"), B("!")));
        Assert.Equal("second, longer than the first!", session.GetString(0, "k"));
        Assert.Equal("42", session.GetString(0, "n"));
        session.Done(session.Delete(0, B("n")));

        Assert.Equal(before, clock.Reads);
    }

    [Fact]
    public void Writes_that_need_the_time_read_it()
    {
        var clock = new ScriptedClock(Start);
        using var temp = new TempStore(clock);
        using var session = temp.Store.NewSession();
        long past = Start.ToUnixTimeMilliseconds() - 1;

        int before = clock.Reads;
        // A SET with a time already past deletes, which only the clock can tell.
        session.Done(session.Set(0, B("k"), B("v"), StoreFlags.None, past));
        Assert.True(clock.Reads > before);
        Assert.Null(session.GetString(0, "k"));

        session.Done(session.Set(0, B("t"), B("v"), StoreFlags.None, Start.ToUnixTimeMilliseconds() + 1000));
        before = clock.Reads;
        // Overwriting a key that has a TTL asks whether it is still alive.
        session.Done(session.Set(0, B("t"), B("w"), StoreFlags.None, 0));
        Assert.True(clock.Reads > before);
    }

    [Fact]
    public void One_operation_sees_one_instant_even_when_the_clock_moves_between_its_steps()
    {
        var clock = new ScriptedClock(Start);
        using var temp = new TempStore(clock);
        using var session = temp.Store.NewSession();
        session.Done(session.Set(0, B("k"), B("abc"), StoreFlags.None, Start.ToUnixTimeMilliseconds() + 5));

        // The key is alive at the operation's first look and expired for every later clock read. APPEND
        // grows the value past its record, so FASTER looks at it several times (in place, sizing, copy):
        // each step must see the key alive, or the sizes it agreed on would no longer match.
        clock.Then(Start, Start.AddSeconds(1));
        var result = session.Done(session.Append(0, B("k"), B("defghijklmnopqrstuvwxyz")));

        Assert.Equal(OpStatus.Ok, result.Status);
        Assert.Equal(26, result.Integer);
    }

    [Fact]
    public void A_command_keeps_the_time_its_first_operation_read()
    {
        var clock = new ScriptedClock(Start);
        using var temp = new TempStore(clock);
        using var session = temp.Store.NewSession();
        long expiresAt = Start.ToUnixTimeMilliseconds() + 5;
        session.Done(session.Set(0, B("k"), B("v"), StoreFlags.None, expiresAt));

        session.BeginCommand();
        clock.Then(Start, Start.AddSeconds(1));
        Assert.Equal("v", session.GetString(0, "k"));
        // Later operations of the same command see the instant the GET read, as in Redis, not the clock's later time.
        Assert.Equal(Start.ToUnixTimeMilliseconds(), session.NowMs);
        Assert.Equal(expiresAt, session.Done(session.Inspect(0, B("k"))).Integer);

        session.BeginCommand();
        Assert.Equal(Start.AddSeconds(1).ToUnixTimeMilliseconds(), session.NowMs);
        Assert.Null(session.GetString(0, "k"));
    }
}
