using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NextCacheKv.Storage;

/// <summary>
/// Copies a large value into its log record with non-temporal stores, which write around the cache. A large value
/// lands in log memory that is seldom cached (a record replaced in place, or the log's fresh tail), and an ordinary
/// copy first reads every destination line into the cache (read for ownership), then evicts other data to keep it,
/// though nothing reads the value back soon. Measured on 50 KB SETs over 5,000 keys: a quarter of the server's CPU was
/// this copy, against a sixth for the kernel's copy of the same bytes from the socket into our (cached) read buffers.
/// </summary>
internal static unsafe class NonTemporalCopy
{
    /// <summary>
    /// Values from 16 KB on, the size from which replies are also sent straight from the record. Smaller values
    /// gain nothing: 8 KB values over a working set that fits in the cache lost 1–2 % with these stores.
    /// </summary>
    public const int MinimumValueBytes = 16 * 1024;

    /// <summary>A part shorter than this is copied normally: aligning it would cost more than it saves.</summary>
    private const int MinimumPartBytes = 256;
    private const int Block = 4 * 32;

    /// <summary>Without AVX every copy is the ordinary one, and <see cref="Fence"/> does nothing.</summary>
    private static bool Supported => Avx.IsSupported;

    /// <summary>
    /// Copies <paramref name="source"/> to the start of <paramref name="destination"/>. The stores are weakly
    /// ordered: call <see cref="Fence"/> after the last part, before the record can be seen by another thread.
    /// </summary>
    public static void CopyUnfenced(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (!Supported || source.Length < MinimumPartBytes)
        {
            source.CopyTo(destination);
            return;
        }
        if (destination.Length < source.Length) throw new ArgumentException("The destination is shorter than the source.", nameof(destination));
        fixed (byte* from = source)
        fixed (byte* to = destination)
        {
            // Non-temporal 32-byte stores must be aligned: the bytes up to the first boundary go the usual way.
            int head = (int)((32 - ((nuint)to & 31)) & 31);
            new ReadOnlySpan<byte>(from, head).CopyTo(new Span<byte>(to, head));
            int at = head;
            for (int last = source.Length - Block; at <= last; at += Block)
            {
                var a = Avx.LoadVector256(from + at);
                var b = Avx.LoadVector256(from + at + 32);
                var c = Avx.LoadVector256(from + at + 64);
                var d = Avx.LoadVector256(from + at + 96);
                Avx.StoreAlignedNonTemporal(to + at, a);
                Avx.StoreAlignedNonTemporal(to + at + 32, b);
                Avx.StoreAlignedNonTemporal(to + at + 64, c);
                Avx.StoreAlignedNonTemporal(to + at + 96, d);
            }
            new ReadOnlySpan<byte>(from + at, source.Length - at).CopyTo(new Span<byte>(to + at, source.Length - at));
        }
    }

    /// <summary>Makes the non-temporal stores so far visible to every thread before any later store.</summary>
    public static void Fence()
    {
        if (Supported) Sse.StoreFence();
    }
}
