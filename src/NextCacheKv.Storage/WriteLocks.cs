namespace NextCacheKv.Storage;

/// <summary>
/// Serialises writers per FASTER hash bucket. FASTER 2.6.5 recovers from two writers racing on one
/// bucket entry by abandoning the loser's allocation (and overwriting its key length), which its own
/// log scan, compaction and recovery replay then misread; found here as keys missing from SCAN after
/// concurrent INCRs. Taking one short lock per bucket stripe keeps that path from ever running. The
/// stripe is a function of the bucket (hash &amp; mask), so keys sharing a bucket share a lock.
/// </summary>
internal sealed class WriteLocks
{
    private readonly Lock[] stripes;
    private readonly long mask;

    public WriteLocks(long indexBytes)
    {
        long buckets = Math.Max(1, indexBytes / 64);
        int count = (int)Math.Min(4096, buckets);
        stripes = new Lock[count];
        for (int i = 0; i < count; i++) stripes[i] = new Lock();
        mask = count - 1;
    }

    public int StripeOf(ReadOnlySpan<byte> storeKey) => StripeOfHash(FasterInternals.HashOf(storeKey));

    /// <summary>The stripe of a key whose <see cref="FasterInternals.HashOf"/> is <paramref name="hash"/>.</summary>
    public int StripeOfHash(long hash) => (int)(hash & mask);

    public Lock this[int stripe] => stripes[stripe];
}
