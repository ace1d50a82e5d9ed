using NextCacheKv.Server.Blocking;
using NextCacheKv.Storage;
using NextCacheKv.Storage.Objects;

namespace NextCacheKv.Server.Commands;

/// <summary>
/// BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP. With data they act at once like their non-blocking forms;
/// without, the client queues in <see cref="ListWaiters"/> and waits outside the execution gate until a
/// writer serves it, the timeout passes (null array) or it disconnects. Inside EXEC or a script they
/// never block: an empty source answers as a timeout would, as Redis does.
/// </summary>
internal static class ListBlockingCommands
{
    public const string TimeoutNotFloat = "ERR timeout is not a float or out of range";
    public const string TimeoutNegative = "ERR timeout is negative";

    /// <summary>The longest wait a timer takes (about 49 days); longer timeouts simply wait for data.</summary>
    private const long LongestTimerMs = 0xFFFFFFFE;

    public static ValueTask BLPop(CommandContext c) => BlockingPop(c, left: true);
    public static ValueTask BRPop(CommandContext c) => BlockingPop(c, left: false);

    private static ValueTask BlockingPop(CommandContext c, bool left)
    {
        if (!TryParseTimeout(c, c.Count - 1, out long timeoutMs)) return default;
        var keys = c.CopyArgs(1, c.Count - 1);
        ListWaiter waiter;
        using (c.LockKeys(keys))
        {
            foreach (var key in keys)
            {
                if (!c.TryFind(key, ValueKind.List, out ListObject? list)) return default;
                if (list is null) continue;
                c.ArrayHeader(2);
                c.Bulk(key);
                c.Bulk(left ? list.PopFront() : list.PopBack());
                c.ElementsRemoved(key, list, NotifyClasses.List, left ? "lpop" : "rpop");
                return default;
            }
            if (c.InsideExclusive)
            {
                c.NullArray();
                return default;
            }
            waiter = new ListWaiter(c.Db, Distinct(keys), left, destination: null, toFront: false, count: -1);
            c.Server.ListWaiters.Add(waiter);
        }
        return WaitAsync(c, waiter, timeoutMs);
    }

    public static ValueTask BLMove(CommandContext c)
    {
        if (!ListCommands.TryParseSide(c, 3, out bool fromLeft) || !ListCommands.TryParseSide(c, 4, out bool toLeft)) return default;
        if (!TryParseTimeout(c, 5, out long timeoutMs)) return default;
        return BlockingMove(c, fromLeft, toLeft, timeoutMs);
    }

    public static ValueTask BRPopLPush(CommandContext c)
    {
        if (!TryParseTimeout(c, 3, out long timeoutMs)) return default;
        return BlockingMove(c, fromLeft: false, toLeft: true, timeoutMs);
    }

    private static ValueTask BlockingMove(CommandContext c, bool fromLeft, bool toLeft, long timeoutMs)
    {
        var sourceKey = c.Arg(1).ToArray();
        var destinationKey = c.Arg(2).ToArray();
        ListWaiter waiter;
        using (c.LockKeys([sourceKey, destinationKey]))
        {
            if (!c.TryFind(sourceKey, ValueKind.List, out ListObject? source)) return default;
            if (source is not null)
            {
                ListMoveCommands.MoveLocked(c, source, sourceKey, destinationKey, fromLeft, toLeft);
                waiter = null!;
            }
            else if (c.InsideExclusive)
            {
                c.NullBulk();
                return default;
            }
            else
            {
                waiter = new ListWaiter(c.Db, [sourceKey], fromLeft, destinationKey, toLeft, count: -1);
                c.Server.ListWaiters.Add(waiter);
            }
        }
        if (waiter is null)
        {
            c.ServeBlockedClients();
            return default;
        }
        return WaitAsync(c, waiter, timeoutMs);
    }

    public static ValueTask BLMPop(CommandContext c)
    {
        if (!ListMoveCommands.TryParseMultiPop(c, 2, out var keys, out bool left, out long count)) return default;
        if (!TryParseTimeout(c, 1, out long timeoutMs)) return default;
        ListWaiter waiter;
        using (c.LockKeys(keys))
        {
            if (!ListMoveCommands.TryPopFirst(c, keys, left, count, out bool popped) || popped) return default;
            if (c.InsideExclusive)
            {
                c.NullArray();
                return default;
            }
            waiter = new ListWaiter(c.Db, Distinct(keys), left, destination: null, toFront: false, count);
            c.Server.ListWaiters.Add(waiter);
        }
        return WaitAsync(c, waiter, timeoutMs);
    }

    /// <summary>
    /// Waits for <paramref name="waiter"/> to be served, time out or be cancelled, without holding the
    /// execution gate, then replies as Redis does for that command.
    /// </summary>
    private static async ValueTask WaitAsync(CommandContext c, ListWaiter waiter, long timeoutMs)
    {
        var waiters = c.Server.ListWaiters;
        c.Client.CancelBlockedWait = () => waiters.TryFinish(waiter, new ListWakeup(WakeReason.Cancelled));
        Timer? timer = timeoutMs is > 0 and <= LongestTimerMs
            ? new Timer(static state => { var (registry, w) = ((ListWaiters, ListWaiter))state!; registry.TryFinish(w, new ListWakeup(WakeReason.TimedOut)); },
                (waiters, waiter), timeoutMs, Timeout.Infinite)
            : null;
        ListWakeup wakeup;
        try
        {
            // Replies to the commands before this one in the batch go out now, as Redis sends them before blocking.
            await c.OutsideGateAsync(c.Output.FlushAsync()).ConfigureAwait(false);
            wakeup = await c.OutsideGateAsync(waiter.Task).ConfigureAwait(false);
        }
        catch
        {
            waiters.TryFinish(waiter, new ListWakeup(WakeReason.Cancelled));
            throw;
        }
        finally
        {
            if (timer is not null) await timer.DisposeAsync().ConfigureAwait(false);
            c.Client.CancelBlockedWait = null;
        }
        switch (wakeup.Reason)
        {
            case WakeReason.Served when waiter.Destination is not null:
                c.Bulk(wakeup.Values![0]);
                break;
            case WakeReason.Served when waiter.Count >= 0:
                c.ArrayHeader(2);
                c.Bulk(wakeup.Key!);
                c.ArrayHeader(wakeup.Values!.Length);
                foreach (var value in wakeup.Values) c.Bulk(value);
                break;
            case WakeReason.Served:
                c.ArrayHeader(2);
                c.Bulk(wakeup.Key!);
                c.Bulk(wakeup.Values![0]);
                break;
            case WakeReason.TimedOut:
                c.NullArray();
                break;
            case WakeReason.WrongType:
                c.Error(Errors.WrongType);
                break;
            case WakeReason.Cancelled:
                break;
        }
    }

    /// <summary>
    /// Redis's getTimeoutFromObjectOrReply in seconds: a long double (strtold's forms), times 1000, rounded
    /// up to milliseconds in 80-bit precision; 0 waits forever. Infinity and values too large for 64 bits
    /// convert, as on x86-64, to the most negative integer, hence "negative".
    /// </summary>
    internal static bool TryParseTimeout(CommandContext c, int index, out long milliseconds)
    {
        milliseconds = 0;
        if (!LongDouble.TryParse(c.Arg(index), out var value))
        {
            c.Error(TimeoutNotFloat);
            return false;
        }
        milliseconds = value.CeilingOfThousandfold();
        if (milliseconds < 0)
        {
            c.Error(TimeoutNegative);
            return false;
        }
        return true;
    }

    private static byte[][] Distinct(byte[][] keys)
    {
        var distinct = new List<byte[]>(keys.Length);
        foreach (var key in keys)
            if (!distinct.Exists(seen => seen.AsSpan().SequenceEqual(key))) distinct.Add(key);
        return [.. distinct];
    }
}
