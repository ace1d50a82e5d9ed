namespace NextCacheKv.Storage;

/// <summary>The three forms of revalidateTag / updateTags durations.</summary>
public enum TagRevalidation
{
    /// <summary>No durations (updateTag, revalidatePath): entries written before now expire now.</summary>
    ExpireNow,
    /// <summary>{ expire: s }: stale now, expired after s seconds.</summary>
    StaleThenExpire,
    /// <summary>{ expire: undefined }: stale now, expiry unchanged.</summary>
    StaleOnly,
}
