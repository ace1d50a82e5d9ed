using System.Text;
using NextCacheKv.Storage;

namespace NextCacheKv.Storage.Tests;

internal static class StoreHelpers
{
    public static byte[] B(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Random bytes, the same for the same length and seed.</summary>
    public static byte[] Pattern(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>GET as bytes (null when the key is missing), completing a disk read synchronously.</summary>
    public static byte[]? GetBytes(StoreSession session, int db, string key)
    {
        var sink = new CapturingSink();
        return session.Done(session.Get(db, B(key), sink)).IsOk ? sink.Captured : null;
    }

    /// <summary>GET, completing a disk read synchronously (tests only).</summary>
    public static string? GetString(this StoreSession session, int db, string key)
    {
        var sink = new CapturingSink();
        var result = session.Get(db, B(key), sink);
        if (result.IsPending) result = session.CompletePendingAsync().AsTask().GetAwaiter().GetResult();
        return result.IsOk && sink.Captured is not null ? Encoding.UTF8.GetString(sink.Captured) : null;
    }

    public static StoreResult Done(this StoreSession session, StoreResult result)
        => result.IsPending ? session.CompletePendingAsync().AsTask().GetAwaiter().GetResult() : result;

    public static List<string> AllKeys(this StoreSession session, int db)
    {
        var keys = new List<string>();
        long cursor = 0;
        do
        {
            cursor = session.ScanKeys(db, cursor, 1000, (key, _) =>
            {
                keys.Add(Encoding.UTF8.GetString(key));
                return true;
            });
        } while (cursor != 0);
        return keys;
    }
}
